-- User commands, defined by plugin/cable.lua at start-up and again by setup() (idempotent).
local M = {}

function M.setup()
  vim.api.nvim_create_user_command('CableSyntaxTree', function()
    require('cable').syntax_tree(0)
  end, { desc = "Show cable-ls's parse of the buffer (cable/syntaxTree) in a split", force = true })
end

return M
