-- Sourced by Neovim's filetype detection (also for plugins added later with :packadd, and
-- by lazy.nvim for lazy-loaded plugins), so that *.cable and cable-looking *.txt files get
-- the `cable` filetype even before plugin/ is loaded.
if vim.fn.has('nvim-0.8') == 1 then
  require('cable.filetype').setup()
end
