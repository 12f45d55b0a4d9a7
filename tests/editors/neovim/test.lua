-- Real-client test: Neovim (headless) + the repo's editors/neovim config +
-- `rampart lsp`.
--
--   nvim --headless --clean -u tests/editors/neovim/test.lua \
--        tests/editors/fixtures/nvim-ssh/main.tf
--
-- Environment: RAMPART_BIN (default: <repo>/target/debug/rampart),
-- RAMPART_EXPECT_API ("start_client", "start" or "config": which API the
-- config must have picked on this Neovim), RAMPART_FORCE_API (make the
-- config use that API, to test the 0.8-0.10 `start` path on a newer
-- Neovim), RAMPART_TEST_TIMEOUT_MS
-- (whole-test watchdog, default 60000).
-- Exits with :qall! on success and :cquit 1 on failure; all messages go to
-- stderr.

local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local h = dofile(here .. '/harness.lua')('nvim-test')
local bin, log, check = h.bin, h.log, h.check
local rampart_clients, flatten_hover = h.rampart_clients, h.flatten_hover
local expect_api = os.getenv('RAMPART_EXPECT_API')
if expect_api == '' then
  expect_api = nil
end

-- Expected values for tests/editors/fixtures/nvim-ssh/main.tf (0-based).
local EXPECT = {
  line = 15, -- `    cidr_blocks = [/* 🔒 */ var.admin_cidr]`
  character = 28, -- UTF-16 code units (27 characters, 30 bytes)
  end_character = 42, -- end of `var.admin_cidr`
  byte_col = 30, -- what vim.diagnostic reports after conversion
  block_line = 10, -- `  ingress {`
  trusted_cidr = '203.0.113.0/24', -- from the fixture's rampart.toml (root marker)
}

-- Record every publishDiagnostics before anything starts, so "an empty list
-- was published" differs from "nothing was published yet".
local publishes = {} -- fname -> list of diagnostics arrays, in arrival order
local orig_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri then
    local fname = vim.uri_to_fname(result.uri)
    publishes[fname] = publishes[fname] or {}
    table.insert(publishes[fname], result.diagnostics or {})
    local codes = {}
    for _, d in ipairs(result.diagnostics or {}) do
      table.insert(codes, tostring(d.code))
    end
    log(string.format('publishDiagnostics %s: [%s]', vim.fn.fnamemodify(fname, ':t'), table.concat(codes, ', ')))
  end
  return orig_publish(err, result, ctx, config)
end

-- Neovim 0.11 also pulls diagnostics (textDocument/diagnostic) from a
-- server that offers them; log those answers too.
local orig_pull = vim.lsp.handlers['textDocument/diagnostic']
local pulls = 0
if orig_pull then
  vim.lsp.handlers['textDocument/diagnostic'] = function(err, result, ctx, config)
    pulls = pulls + 1
    local codes = {}
    for _, d in ipairs(result and result.items or {}) do
      table.insert(codes, tostring(d.code))
    end
    local uri = ctx.params and ctx.params.textDocument and ctx.params.textDocument.uri or '?'
    -- A client that pulls gets rampart's results by pulling (the server
    -- pushes only to clients that do not): count a pull like a publish.
    if result and uri ~= '?' then
      local fname = vim.uri_to_fname(uri)
      publishes[fname] = publishes[fname] or {}
      table.insert(publishes[fname], result.items or {})
    end
    log(string.format('pulled textDocument/diagnostic %s (version %s): [%s]%s', vim.fn.fnamemodify(vim.uri_to_fname(uri), ':t'),
      tostring(ctx.version), table.concat(codes, ', '), err and (' error ' .. vim.inspect(err)) or ''))
    return orig_pull(err, result, ctx, config)
  end
end

local rampart = h.setup()

local function publish_count(fname)
  return #(publishes[fname] or {})
end

local function last_publish(fname)
  local list = publishes[fname] or {}
  return list[#list]
end

local function find_code(diags, code)
  for _, d in ipairs(diags or {}) do
    if d.code == code then
      return d
    end
  end
end

-- vim.diagnostic entries of `bufnr` with `code`, as "line:col in namespace".
local function nvim_diags(bufnr, code)
  local names = {}
  for name, id in pairs(vim.api.nvim_get_namespaces()) do
    names[id] = name
  end
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then
      table.insert(out, string.format('%d:%d in %s', d.lnum, d.col, tostring(names[d.namespace])))
    end
  end
  return out
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  check(responses ~= nil, method .. ' answered', err)
  for _, resp in pairs(responses) do
    check(resp.err == nil, method .. ' returned no error', resp.err)
    return resp.result
  end
  error({ assertion = method .. ' got no response from any client' })
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local fixture = vim.fn.fnamemodify(fname, ':p:h')
  log('buffer ' .. fname .. ' filetype=' .. vim.bo[bufnr].filetype)

  if expect_api then
    check(rampart.used_api == expect_api, 'config picked the ' .. expect_api .. ' API (got ' .. tostring(rampart.used_api) .. ')')
  end

  -- 1. The config started rampart for this buffer, rooted at the fixture
  --    (it holds rampart.toml).
  check(vim.wait(10000, function()
    return #rampart_clients(bufnr) > 0
  end, 20), 'a client named rampart is attached to the buffer')
  local client = rampart_clients(bufnr)[1]
  local root = client.root_dir or client.config.root_dir
  check(type(root) == 'string' and vim.fn.resolve(root) == vim.fn.resolve(fixture),
    'root_dir is the directory holding rampart.toml (' .. tostring(root) .. ')')
  check(client.config.cmd[1] == bin and client.config.cmd[2] == 'lsp', 'command is `' .. bin .. ' lsp`')

  -- 2. The first publishDiagnostics for this file.
  check(vim.wait(30000, function()
    return publish_count(fname) > 0
  end, 20), 'rampart published diagnostics for main.tf')
  check(client.offset_encoding == 'utf-16', 'negotiated position encoding is utf-16 (' .. tostring(client.offset_encoding) .. ')')
  local diag = find_code(last_publish(fname), 'NET001')
  check(diag ~= nil, 'a NET001 diagnostic was published', function() return last_publish(fname) end)
  check(diag.source == 'rampart', 'source is "rampart" (' .. tostring(diag.source) .. ')')
  check(diag.severity == 1, 'severity is Error for a critical rule (' .. tostring(diag.severity) .. ')')
  local r = diag.range
  check(r.start.line == EXPECT.line and r['end'].line == EXPECT.line,
    'NET001 is on 0-based line ' .. EXPECT.line .. ' (got ' .. r.start.line .. '-' .. r['end'].line .. ')')
  check(r.start.character == EXPECT.character and r['end'].character == EXPECT.end_character,
    string.format('NET001 columns are UTF-16 %d-%d (got %d-%d)', EXPECT.character, EXPECT.end_character,
      r.start.character, r['end'].character))
  local rel = diag.relatedInformation or {}
  local tfvars_rel
  for _, ri in ipairs(rel) do
    if ri.location and ri.location.uri:match('terraform%.tfvars$') then
      tfvars_rel = ri
    end
  end
  check(tfvars_rel ~= nil, 'relatedInformation points into terraform.tfvars', rel)
  check(tfvars_rel.location.range.start.line == 0 and tfvars_rel.location.range.start.character == 13,
    'the related location is `"0.0.0.0/0"` at 0:13 in terraform.tfvars (got '
      .. tfvars_rel.location.range.start.line .. ':' .. tfvars_rel.location.range.start.character .. ')')

  -- Neovim's own diagnostic list, converted to byte columns.
  local vd
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'NET001' then
      vd = d
    end
  end
  check(vd ~= nil, 'vim.diagnostic.get() has NET001')
  check(vd.lnum == EXPECT.line and vd.col == EXPECT.byte_col,
    string.format('vim.diagnostic NET001 at %d:%d (byte column; got %d:%d)', EXPECT.line, EXPECT.byte_col, vd.lnum, vd.col))
  check(vd.source == 'rampart' and vd.severity == vim.diagnostic.severity.ERROR, 'vim.diagnostic source/severity')
  -- A server that both pushes and answers pulls (Neovim 0.11 pulls when the
  -- server has diagnosticProvider) must not show a finding twice or keep a
  -- stale one: Neovim keeps pushed and pulled diagnostics apart.
  if orig_pull and client.server_capabilities and client.server_capabilities.diagnosticProvider then
    log('server offers pull diagnostics; waiting for Neovim\'s first pull')
    vim.wait(5000, function()
      return pulls > 0
    end, 20)
    vim.wait(200) -- let the pulled result settle
  end
  check(#nvim_diags(bufnr, 'NET001') == 1, 'Neovim shows NET001 once', function()
    return nvim_diags(bufnr, 'NET001')
  end)

  local uri = vim.uri_from_bufnr(bufnr)

  -- 3. Hover on the flagged range shows the rule's documentation.
  local hover = request(bufnr, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = EXPECT.line, character = EXPECT.character + 2 },
  })
  check(hover ~= nil and hover ~= vim.NIL and hover.contents ~= nil, 'hover returned contents', hover)
  local hover_text = table.concat(flatten_hover(hover.contents), '\n')
  check(hover_text:find('NET001', 1, true) ~= nil, 'hover text mentions NET001', hover_text)

  -- 4. Code actions at the diagnostic.
  local actions = request(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = diag.range,
    context = { diagnostics = { diag } },
  })
  check(type(actions) == 'table' and #actions > 0, 'codeAction returned actions', actions)
  local titles, suppress, restrict = {}, nil, nil
  for _, a in ipairs(actions) do
    table.insert(titles, a.title)
    if a.title == 'Suppress NET001 here' then
      suppress = a
    elseif a.title == 'Restrict to ' .. EXPECT.trusted_cidr then
      restrict = a
    end
  end
  log('code actions: ' .. table.concat(titles, ' | '))
  check(suppress ~= nil, 'a code action titled "Suppress NET001 here"')
  -- No "Restrict to <trusted CIDR>" here: the flagged range is
  -- `var.admin_cidr`, not a literal (the Emacs test covers that action).
  check(restrict == nil, 'no "Restrict to" action for a variable reference', titles)
  check(suppress.kind == nil or suppress.kind:match('^quickfix') ~= nil, 'the suppression is a quickfix (' .. tostring(suppress.kind) .. ')')

  local edit = suppress.edit
  if not edit and suppress.data ~= nil then
    local resolved = request(bufnr, 'codeAction/resolve', suppress)
    edit = resolved and resolved.edit
  end
  check(type(edit) == 'table', 'the suppression carries a WorkspaceEdit', suppress)

  -- 5. Apply it as Neovim does (this sends didChange) and check the buffer.
  local before_lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local before_count = publish_count(fname)
  vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
  local after_lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  check(#after_lines == #before_lines + 1, 'the edit inserted exactly one line (' .. #before_lines .. ' -> ' .. #after_lines .. ')')
  local comment_idx
  for i, l in ipairs(after_lines) do
    if l:find('rampart:ignore NET001', 1, true) then
      comment_idx = i
    end
  end
  check(comment_idx ~= nil, 'the buffer has a rampart:ignore NET001 line')
  local comment = after_lines[comment_idx]
  local below = after_lines[comment_idx + 1] or ''
  local indent = comment:match('^(%s*)')
  check(comment:match('^%s*# rampart:ignore NET001 reason: ?$') ~= nil,
    'the comment is `# rampart:ignore NET001 reason: ` (got ' .. vim.inspect(comment) .. ')')
  -- Directly above the ingress block or the cidr_blocks attribute.
  local above_block = below == before_lines[EXPECT.block_line + 1]
  local above_attr = below == before_lines[EXPECT.line + 1]
  check(above_block or above_attr, 'the comment sits directly above the ingress block or the attribute (above: '
    .. vim.inspect(below) .. ')')
  log('suppression inserted above the ' .. (above_block and 'block' or 'attribute') .. ' at 0-based line ' .. (comment_idx - 1))
  check(indent == below:match('^(%s*)'), 'the comment is indented like the line below it')
  local changed = {}
  for i = 1, #after_lines do
    local want = i < comment_idx and before_lines[i] or (i > comment_idx and before_lines[i - 1] or nil)
    if i ~= comment_idx and after_lines[i] ~= want then
      table.insert(changed, i - 1)
    end
  end
  check(#changed == 0, 'no other line changed (changed: ' .. table.concat(changed, ', ') .. ')')

  -- 6. The next publish for the file no longer has NET001, and Neovim
  --    shows none (pushed or pulled).
  check(vim.wait(15000, function()
    return publish_count(fname) > before_count and find_code(last_publish(fname), 'NET001') == nil
  end, 20), 'after the edit rampart published diagnostics without NET001', function()
    return 'publishes since the edit: ' .. (publish_count(fname) - before_count)
      .. ', last: ' .. vim.inspect(last_publish(fname))
  end)
  check(vim.wait(5000, function()
    return #nvim_diags(bufnr, 'NET001') == 0
  end, 20), 'vim.diagnostic.get() no longer has NET001', function()
    return 'still: ' .. table.concat(nvim_diags(bufnr, 'NET001'), '; ') .. ' (pulls answered: ' .. pulls .. ')'
  end)

  -- 7. A .tfvars file in the same module reuses the same client, and its
  --    language id is terraform-vars.
  -- Record the didOpen notifications the client sends from now on
  -- (`notify` is a closure in 0.7 and a method in 0.11).
  local opened = {}
  local orig_notify = client.notify
  client.notify = function(a, b, c)
    local method, params = a, b
    if type(a) == 'table' then
      method, params = b, c
    end
    if method == 'textDocument/didOpen' then
      opened[vim.uri_to_fname(params.textDocument.uri)] = params.textDocument.languageId
    end
    return orig_notify(a, b, c)
  end
  local tfvars = fixture .. '/terraform.tfvars'
  vim.cmd('split ' .. vim.fn.fnameescape(tfvars))
  local tbuf = vim.api.nvim_get_current_buf()
  check(vim.wait(10000, function()
    return vim.lsp.buf_is_attached(tbuf, client.id) and opened[tfvars] ~= nil
  end, 20), 'terraform.tfvars is opened in the same rampart client', opened)
  check(#rampart_clients(nil) == 1, 'one rampart client in all (got ' .. #rampart_clients(nil) .. ')')
  check(opened[tfvars] == 'terraform-vars', 'didOpen of terraform.tfvars has languageId terraform-vars', opened)
  check(rampart.language_id(bufnr, vim.bo[bufnr].filetype) == 'terraform', 'language id of .tf is terraform')
end

h.main(run, function()
  return 'nvim ' .. tostring(rampart.used_api) .. ' API: diagnostics, hover, code action and fix'
end)
