-- Loaded at start-up (or by :packadd): filetype detection and the :CableSyntaxTree
-- command. The language server itself starts with require('cable').setup{} or, on
-- Neovim 0.11+, vim.lsp.enable('cable_ls') (config in lsp/cable_ls.lua).
if vim.g.loaded_cable then
  return
end
vim.g.loaded_cable = true

if vim.fn.has('nvim-0.8') ~= 1 then
  vim.api.nvim_echo({ { 'cable.nvim needs Neovim 0.8 or later', 'WarningMsg' } }, true, {})
  return
end

require('cable.filetype').setup()
require('cable.commands').setup()
