-- Options of require('cable').setup{} and the LSP client configuration built from them.
-- Shared by lsp/cable_ls.lua (Neovim 0.11+) and the vim.lsp.start path (0.8-0.10).
local M = {}

M.defaults = {
  -- The server command: a string (path or name on $PATH) or a list (command + arguments).
  -- nil: $CABLE_LS_PATH, then `cable-ls` on $PATH, then ~/.cargo/bin/cable-ls.
  cmd = nil,
  -- Server settings, e.g. { severity = { ['paragraph-number'] = 'off' } }: sent as
  -- initializationOptions and answered for workspace/configuration (section `cable`).
  settings = {},
  -- on_attach(client, bufnr), as in any LSP config.
  on_attach = nil,
  -- Files or folders that mark a workspace root; the file's folder when none is found.
  root_markers = { '.git' },
  -- Start the client with vim.lsp.start even on 0.11+ (the 0.8-0.10 path); for tests.
  use_vim_lsp_start = false,
}

M.options = vim.deepcopy(M.defaults)

--- @return string[]
function M.resolve_cmd(cmd)
  cmd = cmd or M.options.cmd
  if type(cmd) == 'string' then
    return { cmd }
  elseif type(cmd) == 'table' and #cmd > 0 then
    return vim.deepcopy(cmd)
  end
  local env = vim.env.CABLE_LS_PATH
  if env and env ~= '' then
    return { env }
  end
  if vim.fn.executable('cable-ls') == 1 then
    return { 'cable-ls' }
  end
  local cargo = vim.fn.expand('~/.cargo/bin/cable-ls')
  if vim.fn.executable(cargo) == 1 then
    return { cargo }
  end
  return { 'cable-ls' } -- not found: Neovim reports the failed spawn, :checkhealth cable says why
end

--- The client configuration (a vim.lsp.Config / vim.lsp.ClientConfig without root_dir).
function M.lsp_config()
  local o = M.options
  local settings = vim.deepcopy(o.settings or {})
  if next(settings) == nil then
    -- an empty Lua table would be sent as the JSON array [], which the server reports
    settings = vim.empty_dict()
  end
  return {
    name = 'cable_ls',
    cmd = M.resolve_cmd(),
    filetypes = { 'cable' },
    root_markers = vim.deepcopy(o.root_markers),
    -- The server reads its settings bare in initializationOptions …
    init_options = settings,
    -- … and asks for the `cable` section; Neovim's workspace/configuration handler
    -- answers from client.settings by section name.
    settings = { cable = settings },
    on_attach = o.on_attach,
  }
end

return M
