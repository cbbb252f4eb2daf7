-- cable.nvim: Neovim client glue for cable-ls, the language server for US diplomatic
-- telegrams. Everything shown (diagnostics, outline, hover, folding, completion, semantic
-- colours, the syntax tree) comes from the server; this module only starts it.
local config = require('cable.config')

local M = {}

local has_011 = vim.fn.has('nvim-0.11') == 1

--- Neovim >= 0.8?
function M.supported()
  return vim.fn.has('nvim-0.8') == 1
end

local function notify(msg, level)
  vim.notify('cable.nvim: ' .. msg, level or vim.log.levels.INFO)
end

local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients

--- The cable_ls clients, optionally only those attached to `bufnr`.
function M.clients(bufnr)
  -- filtered here too: get_active_clients of some versions ignores parts of the filter
  local result = {}
  for _, c in ipairs(get_clients({ name = 'cable_ls', bufnr = bufnr })) do
    if c.name == 'cable_ls' and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, c.id)) then
      result[#result + 1] = c
    end
  end
  return result
end

-- 0.11 deprecates the dot-call client methods; older versions only have them.
local function client_request(client, method, params, handler, bufnr)
  if has_011 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function client_notify(client, method, params)
  if has_011 then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

local function root_dir(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fs.dirname(name) or (vim.uv or vim.loop).cwd()
  local found = vim.fs.find(markers, { upward = true, path = dir })[1]
  return found and vim.fs.dirname(found) or dir
end

-- 0.8-0.10 (or use_vim_lsp_start): start or reuse a client for one buffer.
local function start_for_buffer(bufnr)
  if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
    return
  end
  local cfg = config.lsp_config()
  cfg.root_dir = root_dir(bufnr, cfg.root_markers)
  cfg.root_markers, cfg.filetypes = nil, nil
  vim.api.nvim_buf_call(bufnr, function()
    vim.lsp.start(cfg, { bufnr = bufnr })
  end)
end

local augroup

--- Tell running servers about new settings (the server takes them as a whole snapshot).
local function push_settings()
  local settings = config.lsp_config().settings
  for _, client in ipairs(M.clients()) do
    client.settings = settings
    if client.config then
      client.config.settings = settings
    end
    client_notify(client, 'workspace/didChangeConfiguration', { settings = settings })
  end
end

--- require('cable').setup{ cmd = ..., settings = { severity = {...} }, on_attach = ... }
function M.setup(opts)
  if not M.supported() then
    notify('Neovim 0.8 or later is needed', vim.log.levels.ERROR)
    return
  end
  opts = opts or {}
  local running = #M.clients() > 0
  config.options = vim.tbl_deep_extend('force', vim.deepcopy(config.defaults), opts)
  -- lists and the settings are taken as given, not merged with the defaults
  config.options.settings = vim.deepcopy(opts.settings or {})
  if opts.root_markers then
    config.options.root_markers = vim.deepcopy(opts.root_markers)
  end

  require('cable.filetype').setup()
  require('cable.commands').setup()

  augroup = vim.api.nvim_create_augroup('cable_lsp', { clear = true })
  if has_011 and not config.options.use_vim_lsp_start then
    -- lsp/cable_ls.lua provides the same values. Assigned, not vim.lsp.config('cable_ls', cfg):
    -- that call deep-merges into the previous config, so a second setup{} would keep the
    -- old severities and merge command lists index by index.
    local cfg = config.lsp_config()
    cfg.name = nil
    vim.lsp.config.cable_ls = cfg
    vim.lsp.enable('cable_ls')
  else
    vim.api.nvim_create_autocmd('FileType', {
      group = augroup,
      pattern = 'cable',
      callback = function(args)
        start_for_buffer(args.buf)
      end,
    })
    -- buffers opened before setup()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].filetype == 'cable' then
        start_for_buffer(b)
      end
    end
  end
  if running then
    push_settings()
  end
end

--- Ask the server for its parse of a buffer (`cable/syntaxTree`) and show it in a scratch
--- split. callback(err, result) instead of the split when given (tests, scripts).
function M.syntax_tree(bufnr, callback)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.clients(bufnr)[1]
  if not client then
    local msg = 'no cable-ls client is attached to this buffer (see :checkhealth cable)'
    if callback then
      return callback(msg, nil)
    end
    return notify(msg, vim.log.levels.WARN)
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  client_request(client, 'cable/syntaxTree', params, function(err, result)
    if callback then
      return callback(err, result)
    end
    if err then
      return notify('cable/syntaxTree failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    M.show_tree(bufnr, result)
  end, bufnr)
end

function M.show_tree(source_buf, result)
  local text = type(result) == 'table' and result.tree or ''
  local lines = vim.split(type(text) == 'string' and text or vim.inspect(text), '\n', { plain = true })
  if lines[#lines] == '' then
    table.remove(lines)
  end
  local name = 'cable://syntax-tree/' .. vim.fn.fnamemodify(vim.api.nvim_buf_get_name(source_buf), ':t')
  local existing = vim.fn.bufnr('^' .. vim.fn.escape(name, '\\/.*$^~[]') .. '$')
  local buf = existing ~= -1 and existing or vim.api.nvim_create_buf(false, true)
  if existing == -1 then
    vim.api.nvim_buf_set_name(buf, name)
    vim.bo[buf].bufhidden = 'wipe'
    vim.bo[buf].swapfile = false
  end
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.b[buf].cable_syntax_tree_version = result and result.version
  local win = vim.fn.bufwinid(buf)
  if win == -1 then
    vim.cmd('botright split')
    vim.api.nvim_win_set_buf(0, buf)
  else
    vim.api.nvim_set_current_win(win)
  end
  return buf
end

return M
