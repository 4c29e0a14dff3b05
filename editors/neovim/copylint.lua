-- copylint in Neovim 0.8 or newer: put this in init.lua. One server per project (the
-- folder of the nearest .copylint.yaml, else the file's folder), attached to Markdown,
-- text and HTML buffers.
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "markdown", "text", "html" },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local config = vim.fs.find(".copylint.yaml", { upward = true, path = vim.fs.dirname(file) })[1]
    vim.lsp.start({
      name = "copylint",
      cmd = { "copylint", "lsp" },
      root_dir = vim.fs.dirname(config or file),
    })
  end,
})
