-- Neovim 0.11+: the configuration of the `cable_ls` client, found by vim.lsp.config on the
-- runtimepath. Enough on its own:
--   vim.lsp.enable('cable_ls')
-- require('cable').setup{} fills in the command, settings and on_attach from its options.
local cfg = require('cable.config').lsp_config()
cfg.name = nil -- the name comes from the file name
return cfg
