-- :checkhealth cable
local M = {}

-- vim.health.start/ok/... since 0.10; report_* before (module `vim.health`, or `health`
-- on the oldest versions).
local h = vim.health
if not (h and (h.start or h.report_start)) then
  local found, mod = pcall(require, 'vim.health')
  h = found and mod or require('health')
end
local start = h.start or h.report_start
local ok = h.ok or h.report_ok
local warn = h.warn or h.report_warn
local error = h.error or h.report_error
local info = h.info or h.report_info

local function check_version()
  start('Neovim')
  local v = vim.version()
  local s = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.11') == 1 then
    ok('Neovim ' .. s .. ': supported (vim.lsp.config / vim.lsp.enable, lsp/cable_ls.lua)')
  elseif vim.fn.has('nvim-0.8') == 1 then
    ok('Neovim ' .. s .. ': supported (require("cable").setup{} starts the server with vim.lsp.start)')
  else
    error('Neovim ' .. s .. ' is too old: cable.nvim needs 0.8 or later')
  end
end

-- How to get the server, for people without a Rust toolchain first; building from source
-- last. The release files are named as the release workflow (cargo-dist) names them.
M.install_advice = {
  'Run the installer script of a cable-ls release (no Rust needed): cable-ls-installer.sh '
    .. '(Linux, macOS; `sh cable-ls-installer.sh`) or cable-ls-installer.ps1 (Windows)',
  'or, with Python: pipx install cable-ls',
  'or, with mason.nvim: :MasonInstall cable-ls',
  'or unpack the release archive for your system (cable-ls-<target>.tar.xz, on Windows '
    .. 'cable-ls-<target>.zip) and put cable-ls on PATH, or name it in '
    .. 'setup{ cmd = "/path/to/cable-ls" } or $CABLE_LS_PATH',
  'or build it from source (needs Rust): cargo install --path server in a clone of the repository',
}

-- The command the client starts: the plugin's own lookup, unless vim.lsp.config (0.11+)
-- holds another `cmd` that the user set there.
local function server_command()
  local config = require('cable.config')
  local found = config.find_server()
  if vim.fn.has('nvim-0.11') == 1 then
    local cmd = (vim.lsp.config.cable_ls or {}).cmd
    if type(cmd) == 'function' and cmd ~= config.start_server then
      return nil
    end
    if type(cmd) == 'table' and not vim.deep_equal(cmd, found.cmd) then
      return { cmd = cmd, source = "vim.lsp.config('cable_ls')", found = vim.fn.executable(cmd[1]) == 1 }
    end
  end
  return found
end

local function check_binary()
  start('cable-ls server')
  local server = server_command()
  if not server then
    info("vim.lsp.config('cable_ls') starts the server from a function: not checked")
    return
  end
  local bin = server.cmd[1]
  if not server.found then
    local where = server.looked and #server.looked > 1
        and ('not found; looked at ' .. table.concat(server.looked, ', '))
      or string.format('`%s` (from %s) is not an executable file', bin, server.source)
    error('cable-ls ' .. where, M.install_advice)
    return
  end
  local path = vim.fn.exepath(bin)
  local out = vim.fn.system({ path, '--version' })
  local status = vim.v.shell_error
  out = (out or ''):gsub('%s+$', '')
  if status == 0 and out:match('^cable%-ls ') then
    ok(string.format('%s, found through %s: %s', out, server.source, path))
  else
    error(string.format('`%s --version` failed (exit %d): %s', path, status, out))
  end
end

local function check_filetype()
  start('Filetype detection')
  if vim.filetype.match({ filename = 'check.cable' }) == 'cable' then
    ok('*.cable files get filetype `cable`')
  else
    error('*.cable files are not detected: is the plugin on the runtimepath and loaded?')
  end
  -- content detection needs a buffer: a scratch one named *.txt with a cable's first lines
  local buf = vim.api.nvim_create_buf(false, true)
  local detected
  local okcall, err = pcall(function()
    vim.api.nvim_buf_set_name(buf, vim.fn.tempname() .. '-cable-check.txt')
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, {
      'CONFIDENTIAL',
      '',
      'PAGE 01        LIMA   14540  01 OF 04  092105Z',
      'ACTION ARA-01',
    })
    detected = vim.filetype.match({ buf = buf })
  end)
  pcall(vim.api.nvim_buf_delete, buf, { force = true })
  if okcall and detected == 'cable' then
    ok('*.txt files that start like a cable get filetype `cable`')
  else
    warn('content detection of *.txt cables does not work: ' .. tostring(err or detected))
  end
end

local function check_clients()
  start('Language server clients')
  local clients = require('cable').clients()
  if #clients == 0 then
    info('no cable_ls client running (open a cable, or call require("cable").setup{})')
  end
  for _, c in ipairs(clients) do
    local n = 0
    for _ in pairs(c.attached_buffers or {}) do
      n = n + 1
    end
    ok(string.format('cable_ls client %d running, %d buffer(s) attached', c.id, n))
  end
end

function M.check()
  check_version()
  check_binary()
  check_filetype()
  check_clients()
end

return M
