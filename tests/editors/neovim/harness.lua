-- What the Neovim real-client tests (test.lua, test_custom.lua) share:
-- where the repository and the server are, the PASS/FAIL protocol run.sh
-- reads, assertions, the repo's editors/neovim config, and the VimEnter
-- runner with its watchdog.
--
--   local h = dofile(here .. '/harness.lua')('nvim-test')
--
-- Environment: RAMPART_BIN (default: <repo>/target/debug/rampart),
-- RAMPART_FORCE_API (make the config use that API), RAMPART_TEST_TIMEOUT_MS
-- (whole-test watchdog, default 60000). Messages go to stderr; the test
-- ends with :qall! on success and :cquit 1 on failure.

local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')

return function(tag)
  local h = {}
  h.repo = vim.fn.fnamemodify(here, ':h:h:h')
  h.bin = os.getenv('RAMPART_BIN') or (h.repo .. '/target/debug/rampart')
  h.watchdog_ms = tonumber(os.getenv('RAMPART_TEST_TIMEOUT_MS') or '') or 60000

  function h.log(msg)
    io.stderr:write('[' .. tag .. '] ' .. msg .. '\n')
  end

  local finished = false
  function h.finish(ok, msg)
    if finished then
      return
    end
    finished = true
    if ok then
      h.log('PASS: ' .. (msg or 'all assertions passed'))
      vim.cmd('qall!')
    else
      h.log('FAIL: ' .. tostring(msg))
      vim.cmd('cquit 1')
    end
  end

  -- `detail` (a value or a function returning one) is shown only on failure.
  function h.check(cond, msg, detail)
    if not cond then
      if type(detail) == 'function' then
        detail = detail()
      end
      if detail ~= nil then
        msg = msg .. '\n  ' .. (type(detail) == 'string' and detail or vim.inspect(detail))
      end
      error({ assertion = msg }, 2)
    end
    h.log('ok - ' .. msg)
  end

  -- The config under test: the repo's, through the runtimepath.
  vim.opt.runtimepath:prepend(h.repo .. '/editors/neovim')

  -- Sets up the repo's config with this test's server; returns the module.
  -- Call it after installing any handler that must see the first messages.
  function h.setup()
    local rampart = require('rampart')
    local force_api = os.getenv('RAMPART_FORCE_API')
    if force_api == '' then
      force_api = nil
    end
    rampart.setup({ cmd = { h.bin, 'lsp' }, api = force_api })
    local v = vim.version and vim.version()
    h.log('nvim ' .. (v and (v.major .. '.' .. v.minor .. '.' .. v.patch) or '?')
      .. ', config API: ' .. tostring(rampart.used_api) .. ', server: ' .. h.bin)
    return rampart
  end

  -- The rampart clients of `bufnr`, or of every buffer when nil.
  function h.rampart_clients(bufnr)
    local all
    if vim.lsp.get_clients then
      all = vim.lsp.get_clients({ bufnr = bufnr })
    elseif bufnr then
      all = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
    else
      all = vim.lsp.get_active_clients()
    end
    local out = {}
    for _, c in ipairs(all) do
      if c.name == 'rampart' then
        table.insert(out, c)
      end
    end
    return out
  end

  -- A hover's contents (MarkedString, MarkupContent or a list) as strings.
  function h.flatten_hover(contents, acc)
    acc = acc or {}
    if type(contents) == 'string' then
      table.insert(acc, contents)
    elseif type(contents) == 'table' then
      if contents.value then
        table.insert(acc, contents.value)
      else
        for _, c in ipairs(contents) do
          h.flatten_hover(c, acc)
        end
      end
    end
    return acc
  end

  -- Runs `run` once Neovim has started, under the watchdog; `success` (a
  -- function, called at the end) names what passed.
  function h.main(run, success)
    vim.api.nvim_create_autocmd('VimEnter', {
      once = true,
      callback = function()
        vim.defer_fn(function()
          h.finish(false, 'watchdog: the test did not finish within ' .. h.watchdog_ms .. ' ms')
        end, h.watchdog_ms)
        vim.schedule(function()
          local ok, err = xpcall(run, function(e)
            if type(e) == 'table' and e.assertion then
              return e.assertion
            end
            return debug.traceback(tostring(e), 2)
          end)
          if ok then
            h.finish(true, success())
          else
            h.finish(false, err)
          end
        end)
      end,
    })
  end

  return h
end
