-- copydesk in Neovim's built-in LSP client (no plugin): diagnostics in Markdown, HTML and
-- plain-text buffers, quick fixes with vim.lsp.buf.code_action(). Copy this file to
-- ~/.config/nvim/plugin/copydesk.lua, or `dofile` it from init.lua. Options go in
-- vim.g.copydesk_cmd, e.g. { "copydesk", "lsp", "--min-severity", "warning" }.
-- Works with Neovim 0.7 (Debian 12) and later; docs/lsp.md.
local copydesk_client -- Neovim 0.7: one server for every buffer

vim.api.nvim_create_autocmd("FileType", {
  pattern = { "markdown", "html", "text" },
  callback = function(args)
    local capabilities = vim.lsp.protocol.make_client_capabilities()
    -- Byte offsets when the server agrees (Neovim 0.9 and later offer them by themselves).
    capabilities.general = vim.tbl_extend("force", capabilities.general or {},
                                          { positionEncodings = { "utf-8", "utf-16" } })
    local config = {
      name = "copydesk",
      cmd = vim.g.copydesk_cmd or { "copydesk", "lsp" },
      root_dir = vim.fn.getcwd(), -- each document still gets the copydesk.toml nearest to it
      capabilities = capabilities,
      on_init = function(client, result)
        -- The server's choice; Neovim before 0.9 does not read it by itself.
        client.offset_encoding = result.capabilities.positionEncoding or client.offset_encoding
      end,
    }
    if vim.lsp.start then -- Neovim 0.8 and later: starts the server once, then attaches
      vim.lsp.start(config)
      return
    end
    if not (copydesk_client and vim.lsp.get_client_by_id(copydesk_client)) then
      copydesk_client = vim.lsp.start_client(config)
    end
    if copydesk_client then
      vim.lsp.buf_attach_client(args.buf, copydesk_client)
    end
  end,
})
