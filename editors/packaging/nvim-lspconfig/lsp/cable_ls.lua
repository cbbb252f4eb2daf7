---@brief
---
--- <repository>
---
--- cable-ls, a language server for transcriptions of US diplomatic telegrams ("cables"), for
--- historians and archivists: diagnostics for section counts, NNNN terminators, date-time
--- groups, routing totals, paragraph and page numbers; outline, hover on TAGS codes and
--- office symbols, folding and completion.
---
--- Install the `cable-ls` binary with `pipx install cable-ls`, `:MasonInstall cable-ls`, the
--- installer script or archive of a release, or from source with `cargo install --path server`.
---
--- Neovim has no `cable` filetype of its own; add it (the cable.nvim plugin in the same
--- repository also detects cables by their first lines):
--- ```lua
--- vim.filetype.add({ extension = { cable = 'cable' } })
--- ```
---
--- The severity of each diagnostic code is a setting (`off`, `hint`, `information`,
--- `warning` or `error`; a code not named keeps its default):
--- ```lua
--- vim.lsp.config('cable_ls', {
---   settings = { cable = { severity = { ['paragraph-number'] = 'off' } } },
--- })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'cable-ls' },
  filetypes = { 'cable' },
  root_markers = { '.git' },
  -- an object, not the `[]` an empty Lua table is sent as, which the server reports
  settings = { cable = vim.empty_dict() },
}
