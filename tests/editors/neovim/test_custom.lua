-- Real-client test of custom Rego policies (issue 16): Neovim (headless)
-- + the repo's editors/neovim config + `rampart lsp`, on a copy of
-- tests/editors/fixtures/nvim-custom (run.sh makes it: this test writes
-- its policy file).
--
--   nvim --headless --clean -u tests/editors/neovim/test_custom.lua COPY/main.tf
--
-- 1. The custom finding ACME001 is a diagnostic of the buffer: code,
--    source, range at `tags`, and the severity rampart.toml gives that
--    custom code (high: Error; the policy itself says medium).
-- 2. Its hover shows the policy's METADATA (title, description, fix hint,
--    link).
-- 3. The policy file changes on disk (the change announced as a watcher
--    would, through this client): the diagnostic follows.
-- 4. The policy broken: the error is shown (window/showMessage) naming
--    file:line:col, and Neovim shows no stale ACME001.
--
-- Environment: RAMPART_BIN (default: <repo>/target/debug/rampart),
-- RAMPART_FORCE_API, RAMPART_TEST_TIMEOUT_MS (default 60000).
-- Exits with :qall! on success and :cquit 1 on failure; messages go to
-- stderr.

local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local h = dofile(here .. '/harness.lua')('nvim-custom')
local log, check = h.log, h.check

-- main.tf: `tags = {` is 0-based line 4, from character 9 to the closing
-- brace on line 6, character 3.
local EXPECT = { line = 4, character = 9, end_line = 6, end_character = 3 }

-- Messages the server shows.
local shown = {}
local orig_show = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
  if result and result.message then
    table.insert(shown, result.message)
    log('showMessage: ' .. result.message)
  end
  if orig_show then
    return orig_show(err, result, ctx, config)
  end
end

local rampart = h.setup()
local is_011 = vim.fn.has('nvim-0.11') == 1

local function rampart_client(bufnr)
  return h.rampart_clients(bufnr)[1]
end

-- Neovim's diagnostics of the buffer with `code` (pushed or pulled).
local function diags(bufnr, code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then
      table.insert(out, d)
    end
  end
  return out
end

local function summary(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, string.format('%s %d:%d %s', tostring(d.code), d.lnum, d.col, d.message))
  end
  return out
end

local function notify(client, method, params)
  if is_011 then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

local function write(path, text)
  local f = assert(io.open(path, 'w'))
  f:write(text)
  f:close()
end

local function read(path)
  local f = assert(io.open(path, 'r'))
  local text = f:read('*a')
  f:close()
  return text
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  local policy = dir .. '/policies/owner_tag.rego'
  local original = read(policy)

  check(vim.wait(10000, function()
    return rampart_client(bufnr) ~= nil
  end, 20), 'a client named rampart is attached to the buffer')
  local client = rampart_client(bufnr)

  -- 1. The custom finding, as Neovim shows it.
  check(vim.wait(30000, function()
    return #diags(bufnr, 'ACME001') > 0
  end, 20), 'Neovim shows the custom finding ACME001', function()
    return summary(bufnr)
  end)
  local list = diags(bufnr, 'ACME001')
  check(#list == 1, 'ACME001 once (pushed or pulled, not both)', function()
    return summary(bufnr)
  end)
  local d = list[1]
  check(d.source == 'rampart', 'source is rampart')
  check(d.message == '`aws_s3_bucket.logs` has no Owner tag', 'the policy\'s message (' .. d.message .. ')')
  check(d.severity == vim.diagnostic.severity.ERROR,
    'severity Error: rampart.toml makes the custom code high (got ' .. tostring(d.severity) .. ')')
  check(d.lnum == EXPECT.line and d.col == EXPECT.character and d.end_lnum == EXPECT.end_line
    and d.end_col == EXPECT.end_character,
    string.format('at the `tags` value %d:%d-%d:%d (got %d:%d-%d:%d)', EXPECT.line, EXPECT.character,
      EXPECT.end_line, EXPECT.end_character, d.lnum, d.col, d.end_lnum, d.end_col))

  -- 2. Its hover.
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = EXPECT.line, character = EXPECT.character + 2 },
  }, 10000)
  local hover
  for _, resp in pairs(responses or {}) do
    hover = resp.result
  end
  check(type(hover) == 'table' and hover.contents ~= nil, 'hover returned contents', responses)
  local text = table.concat(h.flatten_hover(hover.contents), '\n')
  for _, part in ipairs({
    'ACME001',
    'Bucket without an Owner tag',
    'Every bucket names the team that owns it in its Owner tag.',
    'Fix: add an Owner tag naming the team',
    '<https://wiki.example.com/tagging>',
  }) do
    check(text:find(part, 1, true) ~= nil, 'the hover has ' .. vim.inspect(part), text)
  end

  -- 3. The policy changes on disk; the client announces it as its file
  --    watcher would.
  local function changed(kind)
    notify(client, 'workspace/didChangeWatchedFiles', {
      changes = { { uri = vim.uri_from_fname(policy), type = kind } },
    })
  end
  write(policy, (original:gsub('has no Owner tag', 'names no owning team')))
  changed(2)
  check(vim.wait(15000, function()
    local now = diags(bufnr, 'ACME001')
    return #now == 1 and now[1].message == '`aws_s3_bucket.logs` names no owning team'
  end, 20), 'after the policy changed, Neovim shows its new message', function()
    return summary(bufnr)
  end)

  -- 4. The policy broken: shown as an error naming file:line:col, and its
  --    finding gone (the rest still runs: nothing crashes).
  write(policy, (original:gsub('not r.values.tags.Owner\n', 'not r.values.tags.Owner ==\n')))
  changed(2)
  check(vim.wait(15000, function()
    for _, m in ipairs(shown) do
      if m:find('policies/owner_tag.rego:%d+:%d+: syntax error') then
        return true
      end
    end
    return false
  end, 20), 'the syntax error is shown, with file:line:col', shown)
  check(vim.wait(15000, function()
    return #diags(bufnr, 'ACME001') == 0
  end, 20), 'no stale ACME001 once the policy does not compile', function()
    return summary(bufnr)
  end)
  check(rampart_client(bufnr) ~= nil, 'the server is still attached')
  write(policy, original)
end

h.main(run, function()
  return 'nvim ' .. tostring(rampart.used_api) .. ' API: custom finding, hover, live policy update, broken policy'
end)
