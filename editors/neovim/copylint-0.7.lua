-- copylint in Neovim 0.7 (Debian 12's): put this in init.lua. One server for the
-- session, attached to every Markdown, text and HTML buffer.
local copylint
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "markdown", "text", "html" },
  callback = function(args)
    copylint = copylint or vim.lsp.start_client({
      name = "copylint",
      cmd = { "copylint", "lsp" },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, copylint)
  end,
})
