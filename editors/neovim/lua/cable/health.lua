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

local function check_binary()
  start('cable-ls server')
  local cmd = require('cable.config').resolve_cmd()
  local bin = cmd[1]
  if vim.fn.executable(bin) ~= 1 then
    error(
      string.format('server binary `%s` not found or not executable', bin),
      {
        'Install it: cargo install --path server (in the cable-ls repository)',
        'or set setup{ cmd = "/path/to/cable-ls" } or $CABLE_LS_PATH',
      }
    )
    return
  end
  local path = vim.fn.exepath(bin)
  local out = vim.fn.system({ path, '--version' })
  local status = vim.v.shell_error
  out = (out or ''):gsub('%s+$', '')
  if status == 0 and out:match('^cable%-ls ') then
    ok(string.format('server binary %s: %s', path, out))
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
