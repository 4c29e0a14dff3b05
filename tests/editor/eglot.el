;;; eglot.el --- Emacs + Eglot as copylint's client, in batch mode  -*- lexical-binding: t -*-
;; Run by tests/editor/run.sh after editors/emacs/copylint.el (the set-up the docs give)
;; with `copylint` on PATH, in a folder holding a copy of deck.md. Opens it, waits for
;; copylint's two diagnostics through Flymake, applies the quick fix of the first through
;; Eglot's own code-action path and waits for that diagnostic to clear. Exits 0 on
;; success, 1 with a FAIL line.
(require 'flymake)

(defun copylint-test-say (format-string &rest args)
  (princ (concat (apply #'format format-string args) "\n")))

(defun copylint-test-fail (format-string &rest args)
  (copylint-test-say "FAIL: %s" (apply #'format format-string args))
  (kill-emacs 1))

(defun copylint-test-wait (predicate what)
  "Process events until PREDICATE holds, or fail after 30 seconds naming WHAT."
  (let ((deadline (+ (float-time) 30)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (copylint-test-fail "timed out waiting for %s" what))
      (accept-process-output nil 0.05))))

(defun copylint-test-diagnostics ()
  (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a)
                                               (flymake-diagnostic-beg b)))))

(defun copylint-test-text (diagnostic)
  (buffer-substring-no-properties (flymake-diagnostic-beg diagnostic)
                                  (flymake-diagnostic-end diagnostic)))

;; Emacs 28 has no markdown-mode: read .md as text, which the snippet covers.
(add-to-list 'auto-mode-alist '("\\.md\\'" . text-mode))
(find-file "deck.md")
;; eglot-ensure connects after the current command; batch mode runs none.
(run-hooks 'post-command-hook)
(copylint-test-wait (lambda () (eglot-current-server)) "Eglot to start copylint lsp")
(copylint-test-wait (lambda () (= (length (flymake-diagnostics)) 2)) "2 diagnostics")

(copylint-test-say "Eglot diagnostics in deck.md:")
(dolist (d (copylint-test-diagnostics))
  (copylint-test-say "  %d: %s <%s>" (line-number-at-pos (flymake-diagnostic-beg d))
                     (car (split-string (flymake-diagnostic-text d) "\n"))
                     (copylint-test-text d)))
(let* ((first (car (copylint-test-diagnostics)))
       (beg (flymake-diagnostic-beg first))
       (end (flymake-diagnostic-end first)))
  (unless (equal (copylint-test-text first) "calls on")
    (copylint-test-fail "the first span is not \"calls on\""))
  (let* ((actions (eglot-code-actions beg end "quickfix"))
         (fix (car actions)))
    (unless fix (copylint-test-fail "no quick fix at the first finding"))
    (copylint-test-say "  quick fix: %s" (plist-get fix :title))
    ;; Eglot's interactive path, with the one action chosen.
    (eglot--read-execute-code-action (list fix) (eglot-current-server) "quickfix")))
;; Eglot sends the change from an idle timer, and batch Emacs is never idle: send it as
;; that timer would.
(eglot--signal-textDocument/didChange)
(copylint-test-wait (lambda () (= (length (flymake-diagnostics)) 1))
                    "the fixed diagnostic to clear")
(unless (save-excursion
          (goto-char (point-min))
          (search-forward "SRE uses ChatGPT" nil t))
  (copylint-test-fail "the buffer does not read as expected:\n%s" (buffer-string)))
(unless (equal (copylint-test-text (car (flymake-diagnostics))) "enables access to")
  (copylint-test-fail "the remaining diagnostic is not \"enables access to\""))
(copylint-test-say "OK: Emacs %s with Eglot received copylint's diagnostics, applied its quick fix and saw it clear"
                   emacs-version)
(eglot-shutdown (eglot-current-server))
(kill-emacs 0)
;;; eglot.el ends here
