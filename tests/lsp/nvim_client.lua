-- Neovim's built-in LSP client talking to `copydesk lsp`, for tests/lsp/test_lsp_neovim.py:
--   nvim --headless -u nvim_client.lua ARTICLE
-- It loads the documented setup, examples/neovim/copydesk.lua, as a user would, then waits
-- for the diagnostics, applies a quick fix and writes what the buffer shows as JSON.
-- Environment: COPYDESK_BIN (the tool), COPYDESK_NVIM_SETUP (examples/neovim/copydesk.lua),
-- COPYDESK_LSP_ENCODINGS (what the client offers: "utf-8,utf-16", or "utf-16" for a client
-- without utf-8), COPYDESK_LSP_FIX_LINE (0-based line of the diagnostic whose quick fix is
-- applied), COPYDESK_LSP_OUT (where the report goes). Every wait is bounded.
-- Works with Neovim 0.7 (Debian 12) and later.
vim.cmd("filetype on")

-- Every publishDiagnostics, as it arrives.
local published = {}
local publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, params, ctx, cfg)
  table.insert(published, params)
  return publish(err, params, ctx, cfg)
end

-- The encodings this run's client offers, in place of the setup's (vim.lsp.start calls
-- start_client too).
local start_client = vim.lsp.start_client
vim.lsp.start_client = function(config)
  config.capabilities.general.positionEncodings = vim.split(os.getenv("COPYDESK_LSP_ENCODINGS"), ",")
  return start_client(config)
end

vim.g.copydesk_cmd = { os.getenv("COPYDESK_BIN"), "lsp" }
dofile(os.getenv("COPYDESK_NVIM_SETUP"))

local report = {}

local function write_report()
  local f = assert(io.open(os.getenv("COPYDESK_LSP_OUT"), "w"))
  f:write(vim.fn.json_encode(report))
  f:close()
end

-- The diagnostics as Neovim holds them (byte columns), each with the text Neovim's buffer has
-- at that place.
local function buffer_diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local text = vim.api.nvim_buf_get_text(bufnr, d.lnum, d.col, d.end_lnum, d.end_col, {})
    table.insert(list, {
      code = d.code, source = d.source, severity = d.severity, message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      text = table.concat(text, "\n"),
    })
  end
  table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return list
end

local function copydesk_client()
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == "copydesk" then return client end
  end
end

local function main()
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.wait(30000, function() return #published > 0 end, 10), "no diagnostics within 30 s")
  local client = assert(copydesk_client(), "no copydesk client")
  local client_id = client.id
  local v = vim.version()
  report.nvim = string.format("%d.%d.%d", v.major, v.minor, v.patch)
  report.encoding = client.offset_encoding
  report.filetype = vim.bo[bufnr].filetype
  report.published = published[1]
  report.diagnostics = buffer_diagnostics(bufnr)

  -- The quick fix of one diagnostic: asked for, applied to the buffer, checked again.
  local fix_line = tonumber(os.getenv("COPYDESK_LSP_FIX_LINE"))
  local target
  for _, d in ipairs(published[1].diagnostics) do
    if d.range.start.line == fix_line then target = d end
  end
  assert(target, "no diagnostic on line " .. fix_line)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = target.range,
    context = { diagnostics = { target } },
  }
  local replies = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 10000)
  assert(replies and replies[client_id], "no reply to textDocument/codeAction")
  assert(not replies[client_id].err, vim.inspect(replies[client_id].err))
  local actions = replies[client_id].result
  report.actions = {}
  for _, a in ipairs(actions) do table.insert(report.actions, a.title) end
  local seen = #published
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  assert(vim.wait(30000, function() return #published > seen end, 10), "no diagnostics after the fix")
  report.fixed_lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  report.fixed_diagnostics = buffer_diagnostics(bufnr)

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 10)
end

vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local ok, err = xpcall(main, debug.traceback)
    if not ok then report.error = tostring(err) end
    write_report()
    vim.cmd(ok and "qall!" or "cquit!")
  end,
})
