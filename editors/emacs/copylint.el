;;; copylint.el --- copylint in Emacs through Eglot  -*- lexical-binding: t -*-
;; Put this in your init file (Emacs 29 has Eglot built in; on Emacs 28, install it:
;; `M-x package-install RET eglot`, or Debian's `elpa-eglot`). Markdown (markdown-mode
;; derives from text-mode), text and HTML buffers get `copylint lsp`: diagnostics through
;; Flymake, quick fixes with `M-x eglot-code-actions`.
(require 'eglot)
(add-to-list 'eglot-server-programs
             '((text-mode html-mode mhtml-mode) . ("copylint" "lsp")))
(dolist (hook '(text-mode-hook html-mode-hook mhtml-mode-hook))
  (add-hook hook #'eglot-ensure))
;;; copylint.el ends here
