-- A real editor as copylint's client: Neovim (0.7 or newer), headless. It loads the
-- set-up snippet named by COPYLINT_SNIPPET, which attaches `copylint lsp`, prints the diagnostics it receives, applies the
-- "fix all" code action and waits for the diagnostics to clear. Run by run.sh; exits 0 on
-- success, 1 with a FAIL line otherwise.

local snippet = assert(os.getenv("COPYLINT_SNIPPET"), "COPYLINT_SNIPPET is not set")
local timeout = 30000

local function say(line)
  io.stdout:write(line .. "\n")
  io.stdout:flush()
end

local function fail(message)
  say("FAIL: " .. message)
  vim.cmd("cquit 1")
end

vim.cmd("filetype on")
-- The set-up a user copies (editors/neovim/*.lua, shown in the docs), as is: it starts
-- `copylint` from PATH, which run.sh points at the binary under test.
dofile(snippet)

-- The copylint client attached to `buf`, in the API of Neovim 0.7 to 0.12.
local function copylint_client(buf)
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf })
    or vim.lsp.buf_get_clients(buf)
  for _, client in pairs(clients) do
    if client.name == "copylint" then return client end
  end
end

local severities = { "error", "warning", "info", "hint" }

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
end

-- The text a diagnostic covers, by Neovim's own (byte) columns: if the server's UTF-16
-- positions were off, this would not be the banned phrase.
local function covered(buf, d)
  local lines = vim.api.nvim_buf_get_lines(buf, d.lnum, d.end_lnum + 1, false)
  if #lines == 1 then
    return string.sub(lines[1], d.col + 1, d.end_col)
  end
  lines[#lines] = string.sub(lines[#lines], 1, d.end_col)
  lines[1] = string.sub(lines[1], d.col + 1)
  return table.concat(lines, "\n")
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  vim.wait(timeout, function() return copylint_client(buf) ~= nil end, 50)
  local client = copylint_client(buf)
  if not client then
    return fail("copylint lsp was not started for " .. vim.api.nvim_buf_get_name(buf))
  end
  if not vim.wait(timeout, function() return #vim.diagnostic.get(buf) >= 2 end, 50) then
    return fail("no diagnostics from copylint lsp")
  end
  local found = vim.diagnostic.get(buf)
  table.sort(found, function(a, b) return a.lnum < b.lnum end)
  say("copylint diagnostics in " .. vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ":t") .. ":")
  for _, d in ipairs(found) do
    local message = vim.split(d.message, "\n")[1]
    say(string.format("  %d:%d %s [%s] %s  <%s>", d.lnum + 1, d.col + 1,
      severities[d.severity] or "?", code_of(d), message, covered(buf, d)))
  end
  if #found ~= 2 then return fail("expected 2 diagnostics, got " .. #found) end
  if covered(buf, found[1]) ~= "calls on" then return fail("first span is not “calls on”") end
  if covered(buf, found[2]) ~= "enables access to" then
    return fail("second span is not “enables access to”")
  end
  if code_of(found[1]) ~= "openai-on-aws/call-wording" then return fail("wrong code") end

  -- Ask for code actions at the first finding and apply "fix all".
  vim.api.nvim_win_set_cursor(0, { found[1].lnum + 1, found[1].col })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {} }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, timeout)
  local fix_all
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      say("  code action: " .. action.title)
      if action.title:find("^Fix all") then fix_all = action end
    end
  end
  if not fix_all then return fail("no fix-all code action") end
  vim.lsp.util.apply_workspace_edit(fix_all.edit, client.offset_encoding)

  -- Neovim sends the edit as an incremental didChange; the findings must clear.
  if not vim.wait(timeout, function() return #vim.diagnostic.get(buf) == 0 end, 50) then
    return fail("diagnostics did not clear after the fix")
  end
  vim.cmd("silent write")
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  say("after the fix:")
  for line in vim.gsplit(text, "\n") do
    if line ~= "" then say("  " .. line) end
  end
  if not text:find("SRE uses ChatGPT", 1, true)
    or not text:find("It integrates with GPT-5", 1, true)
    or not text:find("Our team calls on customers weekly.", 1, true) then
    return fail("the buffer does not read as expected")
  end
  -- A save must not bring anything back.
  vim.wait(500)
  if #vim.diagnostic.get(buf) ~= 0 then return fail("diagnostics came back after saving") end
  say("OK: Neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor)
    .. " received copylint's diagnostics, applied its fix and saw them clear")
  vim.lsp.stop_client(client.id)
  vim.cmd("qall!")
end

vim.api.nvim_create_autocmd("VimEnter", {
  nested = true, -- so that `:write` fires BufWritePost, and Neovim sends didSave
  callback = function()
    local ok, err = pcall(run)
    if not ok then fail(tostring(err)) end
  end,
})
