-- The README's Neovim 0.7+ snippet, loaded as init.lua (`nvim -u`), does its job: the skill.json
-- Neovim was started on gets an asklint client rooted at the folder of asklint.toml, and that
-- client's diagnostics; a package.json opened next is attached too and gets none, and both
-- buffers share one server. Run by tests/editors/neovim.sh with the project's bad skill.json as
-- the file argument and `asklint` on PATH. Exits 0 when all holds, 1 otherwise.

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

local TIMEOUT_MS = 15000

local function asklint_client(buf)
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    if client.name == "asklint" then
      return client
    end
  end
end

local function codes(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, tostring(d.code))
  end
  table.sort(list)
  return table.concat(list, " ")
end

local function run()
  local project = assert(os.getenv("PROJECT"), "PROJECT is not set")
  local skill = vim.api.nvim_get_current_buf()
  check(vim.bo[skill].filetype == "json", "skill.json has filetype json")
  check(vim.wait(TIMEOUT_MS, function() return asklint_client(skill) ~= nil end, 20),
    "the snippet attached an asklint client to skill.json")
  local client = asklint_client(skill)
  if not client then
    return
  end
  check(client.config.root_dir == project,
    "its root is the folder of asklint.toml (got " .. tostring(client.config.root_dir) .. ")")
  vim.wait(TIMEOUT_MS, function() return codes(skill) == "JSON002 LOC001" end, 20)
  check(codes(skill) == "JSON002 LOC001", "skill.json shows JSON002 and LOC001 (got: " .. codes(skill) .. ")")

  vim.cmd("edit " .. vim.fn.fnameescape(project .. "/package.json"))
  local package = vim.api.nvim_get_current_buf()
  check(vim.wait(TIMEOUT_MS, function() return asklint_client(package) ~= nil end, 20),
    "package.json is attached too")
  local other = asklint_client(package)
  check(other ~= nil and other.id == client.id, "one server for both buffers")
  -- Give the server the time it took for skill.json, twice over, to say something about it.
  vim.wait(2000, function() return codes(package) ~= "" end, 20)
  check(codes(package) == "", "package.json gets no diagnostics (got: " .. codes(package) .. ")")
  vim.lsp.stop_client(client.id)
end

local ok, err = pcall(run)
if not ok then
  failures = failures + 1
  log("FAILED: the test raised an error: " .. tostring(err))
end
if failures == 0 then
  log("all checks passed")
  vim.cmd("qall!")
else
  log(failures .. " check(s) failed")
  vim.cmd("cquit 1")
end
