-- Headless Neovim test of editors/neovim against the real cable-ls server.
-- Run by editors/test/neovim.sh as:  nvim --headless --clean -u neovim-test.lua
--
-- Environment (set by neovim.sh):
--   CABLE_LS      absolute path of the server binary
--   SERVER_BIN    a folder holding only a `cable-ls` link to it (put on PATH where needed)
--   PLUGIN_DIR    editors/neovim
--   REPO_ROOT     the checkout
--   WORK          a temp dir holding the faulty fixture copies (fault.cable, fault.txt, ...)
--   FIXTURE       tests/fixtures/lima-style.cable, the fixture without its fault
--   TEST_MODE     enable  setup{} on 0.11+ (vim.lsp.config + vim.lsp.enable), then the
--                         hover, outline, :CableSyntaxTree, :checkhealth, a settings change,
--                         the quick fix (vim.lsp.buf.code_action) and, in WORK/refs (cables
--                         citing each other), vim.lsp.buf.definition() to the cited cable
--                 start   the plugin loaded with :packadd, setup{ use_vim_lsp_start = true }
--                         (the 0.8-0.10 path) with a severity setting from the start
--                         (initializationOptions and workspace/configuration)
--                 lspdir  no setup{}: lsp/cable_ls.lua alone through vim.lsp.enable('cable_ls')
--                 lspconfig  editors/packaging/nvim-lspconfig alone, no plugin; its fields
--                         compared with the plugin's lsp/cable_ls.lua
--                 health  :checkhealth cable with the server missing, and found in each place
--                 native, vimplug, lazy  run with -S after neovim-init.lua installed the
--                         plugin from CLONE_DIR as the README says
--   TEST_TIMEOUT_MS  how long to wait for one answer (default 15000)
--
-- One line per check on stdout ("ok - ..." / "FAIL - ..."), then "RESULT passed=N failed=M".
-- print() goes to the message area in headless mode: write with io.stdout:write.

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

local env = vim.env
local MODE = env.TEST_MODE or 'enable'
local TIMEOUT = tonumber(env.TEST_TIMEOUT_MS or '') or 15000
local WORK = assert(env.WORK, 'WORK not set')
local PLUGIN_DIR = assert(env.PLUGIN_DIR, 'PLUGIN_DIR not set')
local CABLE_LS = assert(env.CABLE_LS, 'CABLE_LS not set')

-- The fault: line 273 (1-based) reads SECTION 03 OF 05 instead of OF 04.
local FAULT_LINE0 = 272
-- line 48: TAGS: PGOV, PHUM, PTER, OAS, PE
local TAGS_LINE0 = 47

local passed, failed = 0, 0
local function check(name, cond, detail)
  if cond then
    passed = passed + 1
    out(string.format('ok - [%s] %s%s', MODE, name, detail and (': ' .. detail) or ''))
  else
    failed = failed + 1
    out(string.format('FAIL - [%s] %s%s', MODE, name, detail and (': ' .. detail) or ''))
  end
  return cond
end

local function finish()
  -- stop the servers and give them a moment to exit, so none is left behind
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop(true)
  end
  vim.wait(2000, function()
    return #vim.lsp.get_clients() == 0
  end, 20)
  out(string.format('RESULT passed=%d failed=%d', passed, failed))
  if failed == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit! 1')
  end
end

local function client_for(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'cable_ls' })[1]
end

local function section_count_diag(buf)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'section-count' and d.lnum == FAULT_LINE0 then
      return d
    end
  end
end

local function diag_summary(buf)
  local parts = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    parts[#parts + 1] = string.format('%s@%d sev=%d', tostring(d.code), d.lnum + 1, d.severity)
  end
  return #parts == 0 and 'no diagnostics' or table.concat(parts, ', ')
end

-- Why an attach did not happen: the tail of Neovim's LSP log (the spawn error is there).
local function lsp_log_tail()
  local path = vim.lsp.log.get_filename()
  local f = io.open(path, 'r')
  if not f then
    return '(no lsp.log)'
  end
  local lines = {}
  for l in f:lines() do
    lines[#lines + 1] = l
  end
  f:close()
  return table.concat(vim.list_slice(lines, math.max(1, #lines - 3)), '\n   ')
end

-- vim.lsp.buf.code_action{ apply = true } at the section-count fault (column 23, inside
-- `03 OF 05`), filtered to the preferred quick fix. The fault is the only difference from the
-- fixture, so the fixed buffer must be the fixture line for line. A menu (more than one action
-- left) or "No code actions available" is a failure, not something to answer.
local function quick_fix(buf)
  vim.cmd('buffer ' .. buf)
  local fixture = vim.fn.readfile(assert(env.FIXTURE, 'FIXTURE not set'))
  local function text_is_fixed()
    return vim.deep_equal(vim.api.nvim_buf_get_lines(buf, 0, -1, false), fixture)
  end
  if not check('quick fix: the buffer differs from the fixture before', section_count_diag(buf) ~= nil and not text_is_fixed(), diag_summary(buf)) then
    return
  end
  local seen, asked, notes = {}, nil, {}
  local select, notify = vim.ui.select, vim.notify
  vim.ui.select = function(items, _, on_choice)
    asked = #items
    on_choice(nil)
  end
  vim.notify = function(msg, ...)
    notes[#notes + 1] = tostring(msg)
    return notify(msg, ...)
  end
  vim.api.nvim_win_set_cursor(0, { FAULT_LINE0 + 1, 22 })
  local t0 = vim.uv.hrtime()
  vim.lsp.buf.code_action({
    context = { only = { 'quickfix' } },
    filter = function(a)
      seen[#seen + 1] = string.format('%s%s', a.title, a.isPreferred and ' (preferred)' or '')
      return a.isPreferred == true
    end,
    apply = true,
  })
  local cleared = vim.wait(TIMEOUT, function()
    return text_is_fixed() and #vim.diagnostic.get(buf) == 0
  end, 10)
  vim.ui.select, vim.notify = select, notify
  local line = vim.api.nvim_buf_get_lines(buf, FAULT_LINE0, FAULT_LINE0 + 1, false)[1]
  check(
    'quick fix: the preferred fix applied at once, no diagnostic left, the text is the fixture',
    cleared and asked == nil,
    string.format(
      'offered %s; %s; line 273 "%s"; %s%s',
      #seen > 0 and table.concat(seen, ', ') or 'nothing',
      asked and (asked .. ' actions left for a menu') or 'no menu',
      line,
      diag_summary(buf),
      cleared and string.format(' (%.0f ms)', (vim.uv.hrtime() - t0) / 1e6) or (#notes > 0 and ('; ' .. table.concat(notes, '; ')) or '')
    )
  )
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function wait_attach(buf)
  local ok = vim.wait(TIMEOUT, function()
    return client_for(buf) ~= nil and client_for(buf).initialized
  end, 20)
  return ok
end

-- The index's `$/progress` end per client (LspProgress, registered before any client starts).
local indexed = {}
vim.api.nvim_create_autocmd('LspProgress', {
  callback = function(ev)
    local p = ev.data and ev.data.params
    if p and p.token == 'cable-ls/index' and type(p.value) == 'table' and p.value.kind == 'end' then
      indexed[ev.data.client_id] = p.value.message or ''
    end
  end,
})

-- vim.lsp.buf.definition() on the reference `(B) STATE 40721` of refs/quito-08812.cable, a
-- workspace folder (marked by .git) of cables citing each other: Neovim must land in
-- refs/state-40721.cable on its caption line, 5.
local function definition_jump()
  local dir = WORK .. '/refs'
  local buf = open(dir .. '/quito-08812.cable')
  local client = wait_attach(buf) and client_for(buf)
  if not check('refs/quito-08812.cable: a client with refs/ as its workspace folder', client and client.root_dir == dir,
    client and ('root_dir ' .. tostring(client.root_dir)) or 'no client') then
    return
  end
  local done = vim.wait(TIMEOUT, function()
    return indexed[client.id] ~= nil
  end, 10)
  if not check("the workspace index's progress ends", done, indexed[client.id]) then
    return
  end
  local line = vim.api.nvim_buf_get_lines(buf, 10, 11, false)[1] or ''
  local col = line:find('(B) STATE 40721', 1, true)
  if not check('line 11 holds the reference (B) STATE 40721', col ~= nil, line) then
    return
  end
  vim.api.nvim_win_set_cursor(0, { 11, col - 1 + #'(B) STATE 4' })
  local notes, notify = {}, vim.notify
  vim.notify = function(msg, ...)
    notes[#notes + 1] = tostring(msg)
    return notify(msg, ...)
  end
  vim.lsp.buf.definition()
  local target = dir .. '/state-40721.cable'
  local jumped = vim.wait(TIMEOUT, function()
    return vim.api.nvim_buf_get_name(0) == target
  end, 10)
  vim.notify = notify
  local row = vim.api.nvim_win_get_cursor(0)[1]
  local text = vim.api.nvim_get_current_line()
  check(
    'vim.lsp.buf.definition() on (B) STATE 40721 jumps to state-40721.cable, caption line 5',
    jumped and row == 5 and text:find('STATE 040721', 1, true) ~= nil,
    string.format('%s:%d "%s"%s', vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ':t'), row, text,
      #notes > 0 and ('; ' .. table.concat(notes, '; ')) or '')
  )
end

-- Warnings the server logs about its settings (window/logMessage): none may come.
local settings_warnings = {}
local default_log_message = vim.lsp.handlers['window/logMessage']
vim.lsp.handlers['window/logMessage'] = function(err, result, ctx)
  if result and type(result.message) == 'string' and result.message:find('cable-ls settings:', 1, true) then
    settings_warnings[#settings_warnings + 1] = result.message
  end
  return default_log_message(err, result, ctx)
end

-- A check on a whole report: the report is shown only when the check fails.
local function check_report(name, cond, report)
  return check(name, cond, not cond and report or nil)
end

local function server_version()
  return (vim.fn.system({ CABLE_LS, '--version' }):gsub('%s+$', ''))
end

local function health_report()
  vim.cmd('checkhealth cable')
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  -- in a tab of its own, unless the window held an empty buffer
  if #vim.api.nvim_list_tabpages() > 1 then
    vim.cmd('tabclose')
  else
    vim.cmd('bwipeout!')
  end
  return text
end

-- The install methods of the README, run by neovim-init.lua on a clone of the repository.
local INSTALLED = { native = true, vimplug = true, lazy = true }

local function installed_checks()
  local clone = assert(env.CLONE_DIR, 'CLONE_DIR not set')
  local init_error = vim.g.cable_test_init_error
  check("the README's install block ran", init_error == nil, init_error)
  local init = vim.api.nvim_get_runtime_file('lua/cable/init.lua', false)[1] or 'not found'
  check(
    'the plugin is the clone of the published repository',
    init == clone .. '/editors/neovim/lua/cable/init.lua',
    init
  )
  if MODE == 'lazy' then
    -- lazy.nvim sources the plugin/ files of the repository root only: setup{} does their work
    check('setup{} in the spec defined :CableSyntaxTree', vim.fn.exists(':CableSyntaxTree') == 2)
  else
    check("Neovim's start-up sourced the clone's plugin/cable.lua", vim.g.loaded_cable == true)
  end
  if MODE == 'native' then
    vim.cmd('helptags ALL')
    local ok = pcall(vim.cmd, 'help cable-install')
    local file = ok and vim.api.nvim_buf_get_name(0) or 'no help'
    check(':helptags ALL, then :help cable-install opens the clone\'s doc', file == clone .. '/editors/neovim/doc/cable.txt', file)
    if ok then
      vim.cmd('close')
    end
  end
end

-- The configuration for nvim-lspconfig (editors/packaging), tested against the plugin's own.
local LSPCONFIG_DIR = (env.REPO_ROOT or '') .. '/editors/packaging/nvim-lspconfig'

local function lspconfig_brief_filetype_line()
  for line in io.lines(LSPCONFIG_DIR .. '/lsp/cable_ls.lua') do
    local code = line:match('^%-%-%- (vim%.filetype%.add%(.*%))$')
    if code then
      return code
    end
  end
  error('the ---@brief of lsp/cable_ls.lua shows no vim.filetype.add line')
end

local function lspconfig_matches_plugin()
  local upstream = dofile(LSPCONFIG_DIR .. '/lsp/cable_ls.lua')
  -- the plugin's modules for its lsp/cable_ls.lua, which must not stay on the runtimepath:
  -- vim.lsp.config would merge it into the upstream one
  vim.opt.runtimepath:append(PLUGIN_DIR)
  local plugin = dofile(PLUGIN_DIR .. '/lsp/cable_ls.lua')
  local found = require('cable.config').find_server()
  vim.opt.runtimepath:remove(PLUGIN_DIR)
  for _, key in ipairs({ 'filetypes', 'root_markers', 'settings' }) do
    local a, b = vim.json.encode(upstream[key]), vim.json.encode(plugin[key])
    check('lspconfig and plugin agree on ' .. key, a == b, a .. ' vs ' .. b)
  end
  check(
    "lspconfig's cmd is what the plugin starts with cable-ls on PATH",
    vim.deep_equal(upstream.cmd, found.cmd) and found.source == 'PATH' and plugin.cmd ~= nil,
    vim.inspect(upstream.cmd) .. ' vs ' .. vim.inspect(found.cmd) .. ' from ' .. found.source
  )
  local extra = {}
  for key in pairs(upstream) do
    if plugin[key] == nil then
      extra[#extra + 1] = key
    end
  end
  check('lspconfig sets nothing the plugin leaves out', #extra == 0, #extra > 0 and table.concat(extra, ', ') or nil)
end

-- :checkhealth cable with the server in each place it is looked for, and nowhere.
local function health_checks()
  local version = server_version()
  local keep = {}
  for dir in vim.gsplit(vim.env.PATH or '', ':', { plain = true }) do
    if vim.fn.executable(dir .. '/cable-ls') ~= 1 then
      keep[#keep + 1] = dir
    end
  end
  local bare_path = table.concat(keep, ':')
  vim.env.PATH = bare_path
  vim.env.CABLE_LS_PATH = nil
  local mason = WORK .. '/mason'
  vim.env.MASON = mason -- HOME is a temp dir too: nothing in ~/.cargo/bin or ~/.local/bin

  local h = health_report()
  check_report(
    'health, no server: ERROR with the places looked at',
    h:find("ERROR cable-ls not found; looked at Mason's bin folder: " .. mason .. '/bin/cable-ls, PATH: cable-ls, ~/.cargo/bin: ', 1, true) ~= nil,
    h
  )
  local order = { 'cable-ls-installer.sh', 'pipx install cable-ls', ':MasonInstall cable-ls', 'cable-ls-<target>.tar.xz', 'cargo install --path server' }
  local last, in_order = 0, true
  for _, needle in ipairs(order) do
    local at = h:find(needle, 1, true)
    in_order = in_order and at ~= nil and at > last
    last = at or math.huge
  end
  check('health, no server: installer, pipx, Mason, archives, and building from source last', in_order)

  vim.env.CABLE_LS_PATH = WORK .. '/no-such-cable-ls'
  h = health_report()
  check_report(
    'health, $CABLE_LS_PATH names no file: ERROR and how to get it',
    h:find('ERROR cable-ls `' .. WORK .. '/no-such-cable-ls` (from $CABLE_LS_PATH) is not an executable file', 1, true) ~= nil
      and h:find('pipx install cable-ls', 1, true) ~= nil,
    h
  )

  local function found_through(source, path)
    h = health_report()
    local line = 'OK ' .. version .. ', found through ' .. source .. ': ' .. path
    check_report('health: ' .. line, h:find(line, 1, true) ~= nil and h:find('ERROR', 1, true) == nil, h)
  end
  vim.env.CABLE_LS_PATH = CABLE_LS
  found_through('$CABLE_LS_PATH', CABLE_LS)
  vim.env.CABLE_LS_PATH = nil

  vim.fn.mkdir(mason .. '/bin', 'p')
  assert(vim.uv.fs_symlink(CABLE_LS, mason .. '/bin/cable-ls'))
  found_through("Mason's bin folder", mason .. '/bin/cable-ls')
  os.remove(mason .. '/bin/cable-ls')

  local bin = assert(env.SERVER_BIN, 'SERVER_BIN not set')
  vim.env.PATH = bin .. ':' .. bare_path
  found_through('PATH', bin .. '/cable-ls')

  vim.lsp.config('cable_ls', { cmd = { CABLE_LS } })
  found_through("vim.lsp.config('cable_ls')", CABLE_LS)
end

local function run()
  if env.CABLE_TEST_LSP_LOG then
    -- e.g. debug: the whole traffic in $WORK/xdg/state/nvim/lsp.log (with KEEP_WORK=1)
    vim.lsp.log.set_level(env.CABLE_TEST_LSP_LOG)
  end
  local v = vim.version()
  out(string.format('# nvim %d.%d.%d, mode %s, server %s', v.major, v.minor, v.patch, MODE, CABLE_LS))
  check('Neovim is 0.11+', vim.fn.has('nvim-0.11') == 1, string.format('%d.%d.%d', v.major, v.minor, v.patch))

  if INSTALLED[MODE] then
    -- neovim-init.lua ran the README's install method; Neovim's start-up did the rest
    installed_checks()
  elseif MODE == 'start' then
    -- installed as an optional package and loaded with :packadd (neovim.sh links it
    -- into $PACK_ROOT/pack/cable/opt/cable.nvim)
    vim.cmd('filetype on')
    vim.opt.packpath:prepend(assert(env.PACK_ROOT, 'PACK_ROOT not set'))
    vim.cmd('packadd cable.nvim')
    check(':packadd cable.nvim loads the plugin', vim.g.loaded_cable == true)
  elseif MODE == 'lspconfig' then
    -- the configuration for nvim-lspconfig alone, no plugin: as a user of nvim-lspconfig
    -- has it, with the filetype line its ---@brief gives
    vim.opt.runtimepath:prepend(LSPCONFIG_DIR)
    assert(load(lspconfig_brief_filetype_line()))()
    vim.cmd('filetype on')
  else
    -- The plugin as a package manager would put it: on the runtimepath, plugin/ sourced
    -- (the -u script runs before plugins load, so source it explicitly).
    vim.opt.runtimepath:prepend(PLUGIN_DIR)
    vim.cmd('runtime! plugin/cable.lua')
    vim.cmd('filetype on')
  end

  if MODE == 'enable' then
    require('cable').setup({ cmd = CABLE_LS })
  elseif MODE == 'start' then
    require('cable').setup({
      cmd = { CABLE_LS },
      use_vim_lsp_start = true,
      settings = { severity = { ['section-count'] = 'warning' } },
      on_attach = function(_, bufnr)
        vim.b[bufnr].cable_test_attached = true
      end,
    })
  elseif MODE == 'lspdir' then
    -- CABLE_LS_PATH is how lsp/cable_ls.lua finds the binary without setup{}
    vim.env.CABLE_LS_PATH = CABLE_LS
    vim.lsp.enable('cable_ls')
  elseif MODE == 'lspconfig' then
    lspconfig_matches_plugin()
    vim.lsp.enable('cable_ls')
  elseif MODE == 'health' then
    return health_checks()
  elseif not INSTALLED[MODE] then
    error('unknown TEST_MODE ' .. MODE)
  end

  -- 1. filetype by extension
  local buf = open(WORK .. '/fault.cable')
  check('filetype of fault.cable', vim.bo[buf].filetype == 'cable', 'filetype=' .. vim.bo[buf].filetype)

  -- 2. the section-count diagnostic, with the code, line and severity
  local expected_sev = MODE == 'start' and vim.diagnostic.severity.WARN or vim.diagnostic.severity.ERROR
  local attached = wait_attach(buf)
  if not attached then
    -- Neovim reports a failed spawn or an exited server in its messages and lsp.log
    local msgs = vim.trim(vim.fn.execute('messages')):gsub('\n', '\n   ')
    check(
      'cable_ls attached',
      false,
      string.format(
        'no initialized client within %d ms (cmd %s, %d cable_ls client(s) alive)\n   messages: %s\n   lsp.log: %s',
        TIMEOUT,
        vim.inspect(select(2, pcall(function() return require('cable.config').find_server() end))),
        #vim.lsp.get_clients({ name = 'cable_ls' }),
        msgs ~= '' and msgs or '(none)',
        lsp_log_tail()
      )
    )
    return
  end
  local t0 = vim.uv.hrtime()
  vim.wait(TIMEOUT, function()
    return section_count_diag(buf) ~= nil
  end, 10)
  local d = section_count_diag(buf)
  check(
    'diagnostic section-count on line 273',
    d ~= nil,
    d and string.format('"%s" (%.0f ms after attach)', d.message, (vim.uv.hrtime() - t0) / 1e6) or diag_summary(buf)
  )
  if d then
    check(
      'severity of section-count is ' .. vim.diagnostic.severity[expected_sev],
      d.severity == expected_sev,
      'severity=' .. tostring(vim.diagnostic.severity[d.severity])
    )
  end
  if MODE == 'start' then
    check('on_attach ran', vim.b[buf].cable_test_attached == true)
  end

  local client = client_for(buf)
  local uri = vim.uri_from_bufnr(buf)

  -- 3. the outline: the cable with its numbered paragraphs
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', { textDocument = { uri = uri } }, TIMEOUT)
  local symbols = res and res[client.id] and res[client.id].result or {}
  local root = symbols[1]
  local paragraphs = {}
  local function walk(list)
    for _, s in ipairs(list or {}) do
      local n = s.name:match('^(%d+)%. ')
      if n then
        paragraphs[#paragraphs + 1] = tonumber(n)
      end
      walk(s.children)
    end
  end
  if root then
    walk(root.children)
  end
  local consecutive = #paragraphs > 0
  for i, n in ipairs(paragraphs) do
    consecutive = consecutive and n == i
  end
  check(
    'documentSymbol: cable QUITO 08812 with paragraphs 1..16',
    root ~= nil and root.name == 'QUITO 08812' and #paragraphs == 16 and consecutive,
    root and string.format('root "%s", %d symbol(s) at top, paragraphs %s', root.name, #symbols, table.concat(paragraphs, ','))
      or ('no symbols: ' .. vim.inspect(res))
  )

  if MODE == 'enable' or MODE == 'lspdir' then
    -- 4. hover on the TAGS code PGOV
    local line = vim.api.nvim_buf_get_lines(buf, TAGS_LINE0, TAGS_LINE0 + 1, false)[1] or ''
    local col = (line:find('PGOV', 1, true) or 1) - 1
    local hres = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
      textDocument = { uri = uri },
      position = { line = TAGS_LINE0, character = col + 1 },
    }, TIMEOUT)
    local hover = hres and hres[client.id] and hres[client.id].result
    local text = ''
    if hover and hover.contents then
      local c = hover.contents
      text = type(c) == 'string' and c or c.value or vim.inspect(c)
    end
    check(
      'hover on PGOV (line 48) says Internal Governmental Affairs',
      line:find('^TAGS: PGOV') ~= nil and text:find('Internal Governmental Affairs', 1, true) ~= nil,
      (text:gsub('%s+', ' '):sub(1, 90))
    )
  end

  if MODE == 'enable' then
    -- 5. filetype by content: the same cable as .txt, and without an extension; a text
    --    that is no cable stays `text`
    local tbuf = open(WORK .. '/fault.txt')
    check('filetype of fault.txt (by content)', vim.bo[tbuf].filetype == 'cable', 'filetype=' .. vim.bo[tbuf].filetype)
    local nbuf = open(WORK .. '/QUITO-08812')
    check('filetype of a file without extension (by content)', vim.bo[nbuf].filetype == 'cable', 'filetype=' .. vim.bo[nbuf].filetype)
    local pbuf = open(WORK .. '/notes.txt')
    check('filetype of a plain notes.txt stays text', vim.bo[pbuf].filetype == 'text', 'filetype=' .. vim.bo[pbuf].filetype)
    -- Content detection over the real cables of ../shared (when it is beside the clone),
    -- through vim.filetype.match on a scratch buffer named *.txt; and the repository's own
    -- text files, which are no cables, must not be taken for one.
    local function probe(files)
      local b = vim.api.nvim_create_buf(false, true)
      vim.api.nvim_buf_set_name(b, WORK .. '/probe.txt')
      local yes, no = {}, {}
      for _, f in ipairs(files) do
        local lines, fh = {}, io.open(f, 'rb')
        if fh then
          for l in fh:lines() do
            lines[#lines + 1] = l
            if #lines >= 40 then
              break
            end
          end
          fh:close()
          vim.api.nvim_buf_set_lines(b, 0, -1, false, lines)
          local ft = vim.filetype.match({ buf = b })
          table.insert(ft == 'cable' and yes or no, vim.fn.fnamemodify(f, ':t'))
        end
      end
      vim.api.nvim_buf_delete(b, { force = true })
      return yes, no
    end
    -- the sample first lines both editors are tested on (VS Code's firstLine in tmgrammar.sh)
    if env.REPO_ROOT then
      local ft = require('cable.filetype')
      local wrong, n = {}, 0
      for row in io.lines(env.REPO_ROOT .. '/editors/test/first-lines.tsv') do
        if row ~= '' and row:sub(1, 1) ~= '#' then
          local expected, line = row:match('^(%a+)\t(.*)$')
          n = n + 1
          local got = ft.is_cable_line(line) and 'cable' or 'text'
          if got ~= expected then
            wrong[#wrong + 1] = string.format('%q: %s, expected %s', line, got, expected)
          end
        end
      end
      check('is_cable_line on editors/test/first-lines.tsv', #wrong == 0 and n > 30,
        #wrong == 0 and (n .. ' samples') or table.concat(wrong, '; '))
    end
    local shared = env.SHARED_DIR
    if shared and vim.fn.isdirectory(shared .. '/corpus') == 1 then
      local files = vim.fn.glob(shared .. '/corpus/*/*.txt', false, true)
      vim.list_extend(files, vim.fn.glob(shared .. '/samples/*.txt', false, true))
      local yes, no = probe(files)
      check(
        'content detection: every real cable in shared/corpus and shared/samples',
        #no == 0 and #yes > 0,
        string.format('%d of %d detected%s', #yes, #files, #no > 0 and ('; missed ' .. table.concat(vim.list_slice(no, 1, 10), ', ')) or '')
      )
    else
      out('# skipped: content detection over shared/corpus (no ' .. tostring(shared) .. '/corpus)')
    end
    local repo = env.REPO_ROOT
    if repo then
      local files = {}
      for _, pat in ipairs({ '*.md', '*.toml', 'editors/neovim/**/*.lua', 'editors/neovim/doc/*.txt', 'server/src/**/*.rs', 'server/data/*' }) do
        vim.list_extend(files, vim.fn.glob(repo .. '/' .. pat, false, true))
      end
      local yes, no = probe(files)
      check(
        "content detection: the repository's own text and source files are no cables",
        #yes == 0 and #no > 10,
        string.format('%d files, taken for cables: %s', #files, #yes > 0 and table.concat(yes, ', ') or 'none')
      )
    end

    -- the .txt copy gets the same diagnostic: the server is attached there too
    vim.wait(TIMEOUT, function()
      return section_count_diag(tbuf) ~= nil
    end, 10)
    check('diagnostic section-count in fault.txt too', section_count_diag(tbuf) ~= nil, diag_summary(tbuf))

    -- 6. :CableSyntaxTree shows the server's parse in a scratch split
    vim.cmd('buffer ' .. buf)
    local wins = #vim.api.nvim_tabpage_list_wins(0)
    vim.cmd('CableSyntaxTree')
    local shown = vim.wait(TIMEOUT, function()
      return #vim.api.nvim_tabpage_list_wins(0) > wins
    end, 10)
    local tlines = shown and vim.api.nvim_buf_get_lines(0, 0, -1, false) or {}
    check(
      ':CableSyntaxTree opens the tree in a split',
      shown and #tlines > 100 and vim.bo.buftype == 'nofile',
      string.format('%d lines in %s; first: %s', #tlines, vim.api.nvim_buf_get_name(0), tlines[1] or '')
    )
    vim.cmd('close')

    -- 7. :checkhealth cable
    vim.cmd('checkhealth cable')
    local hl = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
    local version = server_version()
    check('checkhealth cable: OK for the server binary', hl:find('OK ' .. version .. ', found through setup{ cmd }: ' .. CABLE_LS, 1, true) ~= nil, version)
    check('checkhealth cable: filetype detection OK', hl:find('OK %*%.cable files') ~= nil and hl:find('OK %*%.txt files') ~= nil)
    check('checkhealth cable: Neovim version OK', hl:find('OK Neovim %d+%.%d+%.%d+: supported') ~= nil)
    local errors = select(2, hl:gsub('ERROR', ''))
    check('checkhealth cable: no ERROR', errors == 0, errors > 0 and hl or nil)
    vim.cmd('tabclose')

    -- 8. a severity setting turns the rule off (workspace/didChangeConfiguration, then the
    --    server asks workspace/configuration for `cable`); setup{} again pushes it
    vim.cmd('buffer ' .. buf)
    require('cable').setup({ cmd = CABLE_LS, settings = { severity = { ['section-count'] = 'off' } } })
    local gone = vim.wait(TIMEOUT, function()
      return section_count_diag(buf) == nil
    end, 10)
    check("settings severity section-count = 'off' removes the diagnostic", gone, diag_summary(buf))
    require('cable').setup({ cmd = CABLE_LS })
    local back = vim.wait(TIMEOUT, function()
      return section_count_diag(buf) ~= nil
    end, 10)
    check('back to default settings: the diagnostic returns', back, diag_summary(buf))
    local resolved = vim.lsp.config.cable_ls
    check(
      'a second setup{} replaces the settings of vim.lsp.config.cable_ls',
      resolved ~= nil and vim.tbl_isempty(resolved.settings.cable) and resolved.cmd[1] == CABLE_LS and #resolved.cmd == 1,
      resolved and vim.inspect(resolved.settings, { newline = ' ', indent = '' }) or 'no config'
    )

    -- 9. the quick fix, as a user maps it: vim.lsp.buf.code_action at the fault, the preferred
    --    quickfix applied without a menu; the diagnostic clears and the text is the fixture's
    quick_fix(buf)

    -- 10. navigation between cables: Go to Definition as vim.lsp.buf.definition() does it
    definition_jump()
  end
  check('the server logged no warning about its settings', #settings_warnings == 0, table.concat(settings_warnings, '; ') ~= '' and table.concat(settings_warnings, '; ') or nil)
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  check('test script ran without a Lua error', false, tostring(err))
end
finish()
