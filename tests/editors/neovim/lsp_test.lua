-- A real editor as asklint's language-server client: Neovim's built-in LSP client (0.7 and later:
-- vim.lsp.start_client and buf_attach_client, nothing else) runs `asklint server` on a buffer
-- holding an unsaved, bad skill.json and checks, over the standard protocol only:
--   1. the diagnostics it is sent for the unsaved text (the file on disk is clean): codes,
--      severities and exact ranges, in UTF-16 code units (Neovim 0.7's only encoding) on a line
--      with umlauts and an emoji, and the byte columns Neovim turns them into;
--   2. a quick fix for the trailing comma after the emoji, requested with textDocument/codeAction
--      and applied to the buffer: the comma goes (not the emoji), and so does its diagnostic,
--      while the other finding stays;
--   3. shutdown and exit: the server exits with 0.
-- Run by tests/editors/neovim.sh, which sets ASKLINT (the executable), PROJECT (a project whose
-- skill-package/skill.json is clean on disk) and UNSAVED (the bad text). Exits 0 when all holds,
-- 1 otherwise; every step is logged to standard error.

local function log(message)
  io.stderr:write(message .. "\n")
end

local failures = 0
local function check(ok, message)
  if ok then
    log("ok: " .. message)
  else
    failures = failures + 1
    log("FAILED: " .. message)
  end
  return ok
end

local function read_file(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local function finish()
  if failures == 0 then
    log("all checks passed")
    vim.cmd("qall!")
  else
    log(failures .. " check(s) failed")
    vim.cmd("cquit 1")
  end
end

local TIMEOUT_MS = 15000

local function run()
  local asklint = assert(os.getenv("ASKLINT"), "ASKLINT is not set")
  local project = assert(os.getenv("PROJECT"), "PROJECT is not set")
  local unsaved = read_file(assert(os.getenv("UNSAVED"), "UNSAVED is not set"))
  local path = project .. "/skill-package/skill.json"

  -- The file as on disk, then the bad text put in the buffer and not written.
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local lines = vim.split(unsaved:gsub("\n$", ""), "\n", { plain = true })
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  check(vim.bo[buf].modified, "the buffer holds unsaved changes")
  check(read_file(path) ~= unsaved, "the file on disk is not the buffer's text")

  local uri = vim.uri_from_bufnr(buf)
  local published = {} -- every publishDiagnostics for the buffer, in order, as sent
  local exit_code
  local client_id = vim.lsp.start_client({
    name = "asklint",
    cmd = { asklint, "server" },
    root_dir = project,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
        if result and result.uri == uri then
          table.insert(published, result)
          log(("publishDiagnostics: %d diagnostic(s), version %s"):format(
            #result.diagnostics, tostring(result.version)))
        end
        return vim.lsp.handlers["textDocument/publishDiagnostics"](err, result, ctx, config)
      end,
    },
    on_exit = function(code)
      exit_code = code
    end,
  })
  if not check(client_id ~= nil, "vim.lsp.start_client started `asklint server`") then
    return
  end
  check(vim.lsp.buf_attach_client(buf, client_id), "the buffer is attached to the client")
  local client = vim.lsp.get_client_by_id(client_id)
  check(vim.wait(TIMEOUT_MS, function() return client.initialized or exit_code ~= nil end, 20)
    and exit_code == nil, "the server answered initialize")
  check(client.offset_encoding == "utf-16", "positions in UTF-16 (Neovim 0.7's encoding)")

  -- 1. The diagnostics of the unsaved text.
  local function latest()
    return published[#published]
  end
  local function codes_of(result)
    local codes = {}
    for _, d in ipairs(result and result.diagnostics or {}) do
      table.insert(codes, tostring(d.code))
    end
    table.sort(codes)
    return table.concat(codes, " ")
  end
  vim.wait(TIMEOUT_MS, function() return codes_of(latest()) == "JSON002 LOC001" end, 20)
  local first = latest()
  if not check(codes_of(first) == "JSON002 LOC001",
      "diagnostics JSON002 and LOC001 for the unsaved text (got: " .. codes_of(first) .. ")") then
    return
  end
  local by_code = {}
  for _, d in ipairs(first.diagnostics) do
    by_code[d.code] = d
  end
  local function range_of(d)
    return ("%d:%d-%d:%d"):format(d.range.start.line, d.range.start.character,
      d.range["end"].line, d.range["end"].character)
  end
  -- `"de_DE"` on line 6 (0-based 5), columns 9 to 16 (1-based): the key with its quotes.
  check(range_of(by_code.LOC001) == "5:8-5:15", "LOC001 at 5:8-5:15 (got " .. range_of(by_code.LOC001) .. ")")
  -- The comma after "🌊" on line 11: 47 characters, 48 UTF-16 code units, 51 bytes before it.
  check(range_of(by_code.JSON002) == "10:48-10:49",
    "JSON002 at 10:48-10:49 in UTF-16 (got " .. range_of(by_code.JSON002) .. ")")
  for code, d in pairs(by_code) do
    check(d.severity == 1, code .. " is an error (severity 1)")
    check(type(d.message) == "string" and d.message ~= "", code .. " has a message: " .. tostring(d.message))
  end
  local shown = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    shown[d.code] = ("%d:%d"):format(d.lnum, d.col)
  end
  check(shown.JSON002 == "10:51", "Neovim shows JSON002 at byte column 51 (got " .. tostring(shown.JSON002) .. ")")
  check(shown.LOC001 == "5:8", "Neovim shows LOC001 at 5:8 (got " .. tostring(shown.LOC001) .. ")")

  -- 2. The quick fix for the trailing comma, as `:lua vim.lsp.buf.code_action()` would get it.
  local comma = by_code.JSON002
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
    textDocument = { uri = uri },
    range = comma.range,
    context = { diagnostics = { comma }, only = { "quickfix" } },
  }, TIMEOUT_MS)
  local actions = {}
  for _, response in pairs(responses or {}) do
    check(response.err == nil, "codeAction answered without an error: " .. vim.inspect(response.err))
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
    end
  end
  log("code actions: " .. vim.inspect(vim.tbl_map(function(a) return a.title end, actions)))
  local fix
  for _, action in ipairs(actions) do
    if action.kind == "quickfix" then
      for _, d in ipairs(action.diagnostics or {}) do
        if d.code == "JSON002" then
          fix = action
        end
      end
    end
  end
  if not check(fix ~= nil, "a quickfix code action for JSON002") then
    return
  end
  local provider = (client.server_capabilities or {}).codeActionProvider
  if not fix.edit and type(provider) == "table" and provider.resolveProvider then
    local resolved = client.request_sync("codeAction/resolve", fix, TIMEOUT_MS, buf)
    fix = resolved and resolved.result or fix
  end
  if not check(fix.edit ~= nil, "the quick fix carries a workspace edit") then
    return
  end
  local before = #published
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  local line = vim.api.nvim_buf_get_lines(buf, 10, 11, false)[1]
  check(line == '          "keywords": ["Gezeiten", "Häfen", "🌊"],',
    "the comma is gone and the emoji kept: " .. line)
  check(vim.bo[buf].modified, "the fix went to the buffer, which is still unsaved")
  vim.wait(TIMEOUT_MS, function()
    return #published > before and codes_of(latest()) == "LOC001"
  end, 20)
  check(#published > before and codes_of(latest()) == "LOC001",
    "after the fix only LOC001 is left (got: " .. codes_of(latest()) .. ")")
  if latest().diagnostics[1] then
    check(range_of(latest().diagnostics[1]) == "5:8-5:15", "LOC001 is still at 5:8-5:15")
  end

  -- 3. Shutdown and exit.
  vim.lsp.stop_client(client_id)
  check(vim.wait(TIMEOUT_MS, function() return exit_code ~= nil end, 20), "the server exited after shutdown and exit")
  check(exit_code == 0, "the server's exit code is 0 (got " .. tostring(exit_code) .. ")")
end

local ok, err = pcall(run)
if not ok then
  failures = failures + 1
  log("FAILED: the test raised an error: " .. tostring(err))
end
finish()
