-- Neovim 0.11+: the configuration of the `cable_ls` client, found by vim.lsp.config on the
-- runtimepath. Enough on its own:
--   vim.lsp.enable('cable_ls')
-- require('cable').setup{} fills in the command, settings and on_attach from its options.
-- Its counterpart for nvim-lspconfig is editors/packaging/nvim-lspconfig/lsp/cable_ls.lua;
-- editors/test/neovim.sh checks that the two agree.
local cfg = require('cable.config').lsp_config()
cfg.name = nil -- the name comes from the file name
return cfg
