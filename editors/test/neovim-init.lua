-- The user's init for the install tests of editors/test/neovim.sh: what a user's config
-- holds after following editors/neovim/README.md, taken from that README and run as
-- written, against a clone of the repository as it is published (a file:// bare copy).
-- Run as  nvim --headless -u neovim-init.lua -S neovim-test.lua  so that Neovim's own
-- start-up then loads the plugin from where the method put it.
--
--   TEST_MODE  native   the built-in packages block (the clone is in pack/cable/start)
--              vimplug  the vim-plug block: its `rtp` folder of the clone on the runtimepath,
--                       as plug#end() does, then the block's setup line
--              lazy     the lazy.nvim spec: its config(plugin, opts) with plugin.dir the
--                       clone, with 'loadplugins' off, as lazy.nvim runs it
--   PLUGIN_DIR editors/neovim (its README.md)
--   REPO_ROOT  the checkout (its README.md shows the lazy.nvim and built-in blocks too)
--   CLONE_DIR  where the plugin manager cloned the repository (vimplug, lazy)

local env = vim.env
local MODE = env.TEST_MODE
local readme = assert(io.open(env.PLUGIN_DIR .. '/README.md')):read('*a')
local top_readme = assert(io.open(env.REPO_ROOT .. '/README.md')):read('*a')

-- The README's fenced block in `lang` that contains `needle`.
local function block(lang, needle)
  for body in readme:gmatch('```' .. lang .. '\n(.-)```') do
    if body:find(needle, 1, true) then
      return body
    end
  end
  error(string.format('README.md has no ```%s block with %q', lang, needle))
end

-- The block the top README shows too: the same text, tested here once.
local function shared_block(needle)
  local body = block('lua', needle)
  assert(top_readme:find('```lua\n' .. body .. '```', 1, true), "README.md's block differs from editors/neovim/README.md's: " .. needle)
  return body
end

-- An error here would only be a message: neovim-test.lua reports it as a failed check.
local ok, err = pcall(function()
  if MODE == 'native' then
    assert(load(shared_block('/site/pack/cable/start/'), 'README native block'))()
  elseif MODE == 'vimplug' then
    local body = block('vim', 'Plug ')
    local rtp = assert(body:match("Plug '<repository>', { 'rtp': '([^']+)' }"), 'no Plug line with rtp')
    vim.opt.rtp:append(env.CLONE_DIR .. '/' .. rtp)
    vim.cmd(assert(body:match('\n(lua [^\n]+)'), 'no lua line after plug#end()'))
  elseif MODE == 'lazy' then
    local spec = assert(load('return ' .. shared_block('url = "<repository>"'), 'README lazy spec'))()
    assert(spec.url == '<repository>' and spec.lazy == false, 'the lazy spec is not a non-lazy url spec')
    vim.go.loadplugins = false -- lazy.nvim sources the plugin/ files of its plugins itself
    spec.config({ dir = env.CLONE_DIR, name = 'cable-ls' }, spec.opts or {})
  else
    error('neovim-init.lua: unknown TEST_MODE ' .. tostring(MODE))
  end
end)
if not ok then
  vim.g.cable_test_init_error = tostring(err)
end
