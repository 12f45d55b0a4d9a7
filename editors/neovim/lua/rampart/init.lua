-- rampart for Neovim: starts `rampart lsp` for Terraform buffers.
--
--   require('rampart').setup()            -- defaults
--   require('rampart').setup({ cmd = { '/path/to/rampart', 'lsp' } })
--
-- One file for every Neovim from 0.7 on, choosing the newest API available:
--   0.11+      vim.lsp.config('rampart', ...) + vim.lsp.enable('rampart')
--   0.8-0.10   vim.lsp.start() from a FileType autocmd
--   0.7        vim.lsp.start_client() + vim.lsp.buf_attach_client()
-- The root directory is the nearest directory holding rampart.toml,
-- .rampart.toml or .git, else the file's own directory.

local M = {}

M.defaults = {
  -- The server command. rampart must be on $PATH, or give its full path.
  cmd = { 'rampart', 'lsp' },
  -- Neovim's filetypes for .tf ("terraform") and .tfvars ("terraform-vars"
  -- since 0.9; "terraform" before). Add "hcl" or "tf" here if yours differ.
  filetypes = { 'terraform', 'terraform-vars' },
  -- Markers of the root directory, looked for in every parent directory,
  -- nearest first.
  root_markers = { 'rampart.toml', '.rampart.toml', '.git' },
  -- Passed through to the client as they are.
  settings = nil,
  init_options = nil,
  capabilities = nil,
  on_attach = nil,
  handlers = nil,
  -- Force an API for testing: 'config' (0.11+), 'start' (0.8+) or
  -- 'start_client' (0.7+). nil picks the newest the running Neovim has.
  api = nil,
}

M.name = 'rampart'

local uv = vim.loop or vim.uv

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

--- The root directory for a file: the nearest directory holding one of
--- `markers`, else the file's own directory.
function M.find_root(fname, markers)
  markers = markers or M.defaults.root_markers
  local start = dirname(vim.fn.fnamemodify(fname, ':p'))
  local dir = start
  while dir and dir ~= '' do
    for _, marker in ipairs(markers) do
      if exists(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = dirname(dir)
    if parent == dir then
      break
    end
    dir = parent
  end
  return start
end

--- The LSP language id rampart expects: "terraform-vars" for .tfvars,
--- "terraform" for everything else it is attached to.
function M.language_id(bufnr, _filetype)
  local name = vim.api.nvim_buf_get_name(bufnr or 0)
  if name:match('%.tfvars$') or name:match('%.tfvars%.json$') then
    return 'terraform-vars'
  end
  return 'terraform'
end

local function is_terraform_file(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  return name ~= ''
    and (name:match('%.tf$') or name:match('%.tfvars$') or name:match('%.tf%.json$') or name:match('%.tfvars%.json$'))
      ~= nil
end

local function client_config(opts, root_dir)
  local config = {
    name = M.name,
    cmd = opts.cmd,
    root_dir = root_dir,
    get_language_id = M.language_id,
    settings = opts.settings,
    init_options = opts.init_options,
    capabilities = opts.capabilities,
    on_attach = opts.on_attach,
    handlers = opts.handlers,
  }
  if root_dir then
    config.workspace_folders = {
      { uri = vim.uri_from_fname(root_dir), name = root_dir },
    }
  end
  return config
end

-- Neovim 0.7: one client per root directory, started by hand.
local legacy_clients = {}

local function attach_legacy(bufnr, opts)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' then
    return
  end
  local root = M.find_root(fname, opts.root_markers)
  local id = legacy_clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  -- is_stopped is a closure in 0.7 and a method later: pass the client.
  if not client or client.is_stopped(client) then
    id = vim.lsp.start_client(client_config(opts, root))
    if not id then
      vim.notify('rampart: could not start ' .. table.concat(opts.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    legacy_clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function attach_start(bufnr, opts)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' then
    return
  end
  local root = M.find_root(fname, opts.root_markers)
  return vim.lsp.start(client_config(opts, root), { bufnr = bufnr })
end

--- Which API this Neovim gets: 'config', 'start' or 'start_client'.
function M.api(opts)
  if opts and opts.api then
    assert(({ config = true, start = true, start_client = true })[opts.api],
      "rampart: api must be 'config', 'start' or 'start_client'")
    return opts.api
  end
  if vim.lsp.config and vim.lsp.enable then
    return 'config'
  elseif vim.lsp.start then
    return 'start'
  else
    return 'start_client'
  end
end

--- Configure and enable the rampart language server.
function M.setup(user_opts)
  local opts = vim.tbl_deep_extend('force', {}, M.defaults, user_opts or {})
  -- Lists replace the defaults, they are not merged index by index.
  for _, key in ipairs({ 'cmd', 'filetypes', 'root_markers' }) do
    if user_opts and user_opts[key] then
      opts[key] = user_opts[key]
    end
  end
  M.options = opts
  local api = M.api(opts)
  M.used_api = api

  if api == 'config' then
    -- Neovim 0.11+: the built-in configuration framework.
    local config = client_config(opts, nil)
    config.name = nil
    config.root_dir = function(bufnr, on_dir)
      local fname = vim.api.nvim_buf_get_name(bufnr)
      if fname ~= '' then
        on_dir(M.find_root(fname, opts.root_markers))
      end
    end
    config.workspace_folders = nil
    config.filetypes = opts.filetypes
    vim.lsp.config(M.name, config)
    vim.lsp.enable(M.name)
    return
  end

  local attach = api == 'start' and attach_start or attach_legacy
  local group = vim.api.nvim_create_augroup('rampart_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      attach(args.buf, opts)
    end,
  })
  -- .tf/.tfvars files whose filetype is something else (say "tf", the
  -- TinyFugue guess) still get rampart.
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = { '*.tf', '*.tfvars' },
    callback = function(args)
      -- After filetype detection, whose autocmds may run after this one.
      vim.schedule(function()
        if vim.api.nvim_buf_is_valid(args.buf)
          and not vim.tbl_contains(opts.filetypes, vim.bo[args.buf].filetype)
        then
          attach(args.buf, opts)
        end
      end)
    end,
  })
  -- Buffers already open when setup() runs (say, lazy loading).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr)
      and (vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) or is_terraform_file(bufnr))
    then
      attach(bufnr, opts)
    end
  end
end

return M
