-- Options of require('cable').setup{} and the LSP client configuration built from them.
-- Shared by lsp/cable_ls.lua (Neovim 0.11+) and the vim.lsp.start path (0.8-0.10).
local M = {}

M.defaults = {
  -- The server command: a string (path or name on $PATH) or a list (command + arguments).
  -- nil: $CABLE_LS_PATH, then Mason's bin folder, then $PATH, then ~/.cargo/bin and
  -- ~/.local/bin (see find_server).
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

-- Where the server is looked for when setup{} names no `cmd`, in this order. Mason's bin
-- folder comes before PATH so that a server installed with :MasonInstall is used even
-- before mason.nvim has put that folder on PATH (or when told not to). The folders last are
-- where the installer script and `cargo install` (~/.cargo/bin) and pipx (~/.local/bin)
-- put it, for a Neovim started outside a login shell, whose PATH may lack them.
-- $CABLE_LS_PATH, when set, is the user's choice: taken found or not.
local function candidates()
  local list = {}
  local env = vim.env.CABLE_LS_PATH
  if env and env ~= '' then
    list[#list + 1] = { source = '$CABLE_LS_PATH', cmd = env, chosen = true }
  end
  local mason = vim.env.MASON -- set by mason.nvim to its install root
  if not mason or mason == '' then
    mason = vim.fn.stdpath('data') .. '/mason'
  end
  list[#list + 1] = { source = "Mason's bin folder", cmd = mason .. '/bin/cable-ls' }
  list[#list + 1] = { source = 'PATH', cmd = 'cable-ls' }
  for _, dir in ipairs({ '~/.cargo/bin', '~/.local/bin' }) do
    list[#list + 1] = { source = dir, cmd = vim.fn.expand(dir .. '/cable-ls') }
  end
  return list
end

--- The server command and where it came from:
--- { cmd = string[], source = string, found = boolean, looked = string[] }
--- `source` is `setup{ cmd }`, `$CABLE_LS_PATH`, "Mason's bin folder", `PATH`, `~/.cargo/bin`
--- or `~/.local/bin`; `looked` the places tried, as `source: command`. Nothing found:
--- { 'cable-ls' } with found = false (Neovim reports the failed spawn, :checkhealth cable
--- says how to install it).
function M.find_server()
  local cmd = M.options.cmd
  if type(cmd) == 'string' then
    cmd = { cmd }
  end
  if type(cmd) == 'table' and #cmd > 0 then
    local source = 'setup{ cmd }'
    return { cmd = vim.deepcopy(cmd), source = source, found = vim.fn.executable(cmd[1]) == 1, looked = { source } }
  end
  local looked = {}
  for _, c in ipairs(candidates()) do
    looked[#looked + 1] = c.source .. ': ' .. c.cmd
    local found = vim.fn.executable(c.cmd) == 1
    if found or c.chosen then
      return { cmd = { c.cmd }, source = c.source, found = found, looked = looked }
    end
  end
  return { cmd = { 'cable-ls' }, source = 'PATH', found = false, looked = looked }
end

--- Neovim 0.11+ `cmd`: the server is looked up when a client starts, not when the config
--- is read, so one installed later in the session (:MasonInstall) is found. :checkhealth
--- cable tells this function from a `cmd` set with vim.lsp.config.
function M.start_server(dispatchers, cfg)
  return vim.lsp.rpc.start(M.find_server().cmd, dispatchers, {
    cwd = cfg.cmd_cwd,
    env = cfg.cmd_env,
    detached = cfg.detached,
  })
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
    -- 0.8-0.10 take no function with a config argument; a cmd given by setup{} is final
    cmd = (vim.fn.has('nvim-0.11') == 1 and not M.options.cmd) and M.start_server or M.find_server().cmd,
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
