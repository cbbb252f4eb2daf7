-- Filetype detection for cables: by extension (*.cable) and, for *.txt files and files
-- without an extension, by the first lines of the buffer. The signals are the shapes that
-- open real transcriptions (checked against the corpus of 1,051 real cables): the ACP-127
-- envelope (VZCZC), a precedence + date-time-group line, a telegram PAGE header, a routing
-- block, an MRN header (2000HOCHI01176 - UNCLASSIFIED), the Cablegate "partial extract"
-- note, or a line that is only a classification. This decides only which filetype a
-- buffer gets; every analysis of the text is the server's.
local M = {}

-- How many lines from the top are looked at: FOIA releases put stamps and case numbers
-- before the first PAGE header, some exports a mail header (about 15 lines).
M.max_lines = 30

local classifications = {
  'UNCLASSIFIED', 'UNCLAS', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET', 'LIMITED OFFICIAL USE',
  'C O N F I D E N T I A L', 'S E C R E T', 'T O P S E C R E T', 'U N C L A S S I F I E D',
}

-- A line that is only a classification: alone, with a Cablegate PTQ number
-- (`UNCLASSIFIED PTQ8786`), with post and serial (`UNCLAS DUBAI 00126`), or as a section
-- caption (`UNCLAS SECTION 01 OF 02 LIMA 14540`).
local function is_classification_line(l)
  for _, c in ipairs(classifications) do
    if l:sub(1, #c) == c then
      local rest = l:sub(#c + 1)
      if rest == ''
        or rest:match('^ PT%u%d+$')
        or rest:match('^ SECTION %d+ OF %d+ %u[%u ]* %d+$')
        or rest:match('^ %u[%u ]* %d+$')
      then
        return true
      end
    end
  end
  return false
end

--- Does this line, stripped, look like one a cable starts with? The same judgement as the
--- `firstLine` pattern of the VS Code extension: both are tested on editors/test/first-lines.tsv.
--- @param line string
--- @return boolean
function M.is_cable_line(line)
  local l = line:match('^%s*(.-)%s*$')
  if l == '' then
    return false
  end
  local dtg = '%d%d%d%d%d%dZ %a%a%a %d%d'
  return l:sub(1, 5) == 'VZCZC'
    or l:find('^This record is a partial extract') ~= nil
    -- precedence + DTG: `R 171512Z JAN 90`, `O P 051200Z APR 05`, a bare `110404Z Jul 00`;
    -- `0` is an O as OCR reads it
    or l:find('^' .. dtg) ~= nil
    or l:find('^[OPRZ0] ' .. dtg) ~= nil
    or l:find('^[OPRZ0] [OPRZ0] ' .. dtg) ~= nil
    or l:find('^PAGE %d%d ') ~= nil
    -- MRN header of Cablegate extracts: `2000HOCHI01176 - UNCLASSIFIED`
    or l:find('^%d%d%d%d%u+%d+ %- ') ~= nil
    -- routing block: `ACTION ARA-01`, `ORIGIN IRM-00`
    or l:find('^ACTION %u[%u/]*%-%d%d%f[^%w]') ~= nil
    or l:find('^ORIGIN %u[%u/]*%-%d%d%f[^%w]') ~= nil
    -- the print's header of a Department cable: `STATE 123456`
    or l:find('^STATE %d%d%d%d%d%d%d?%d?$') ~= nil
    or is_classification_line(l)
end

--- @param lines string[]
--- @return boolean
function M.looks_like_cable(lines)
  for i = 1, math.min(#lines, M.max_lines) do
    if M.is_cable_line(lines[i]) then
      return true
    end
  end
  return false
end

-- vim.filetype.add pattern callback: (path, bufnr). bufnr is -1 or nil when only a file
-- name is matched (vim.filetype.match{filename=...}): then there is nothing to read.
local function by_content(_, bufnr)
  if type(bufnr) ~= 'number' or bufnr < 0 or not vim.api.nvim_buf_is_valid(bufnr) then
    return nil
  end
  local ok, lines = pcall(vim.api.nvim_buf_get_lines, bufnr, 0, M.max_lines, false)
  if ok and M.looks_like_cable(lines) then
    return 'cable'
  end
  return nil -- fall through to Neovim's own detection (text, help, …)
end

local done = false

--- Register the detection (idempotent). Needs Neovim 0.8+ (Lua filetype detection).
function M.setup()
  if done then
    return
  end
  done = true
  vim.filetype.add({
    extension = { cable = 'cable' },
    pattern = {
      -- priority > 0: user patterns of non-negative priority run before the extension
      -- table, where `txt` would otherwise win.
      ['.*%.txt'] = { by_content, { priority = 10 } },
      -- no extension (patterns are anchored by Neovim); negative priority: Neovim's own
      -- patterns (e.g. /etc/...) come first, and then this one before the content checks.
      ['[^.]+'] = { by_content, { priority = -1 } },
    },
  })
end

return M
