;;; rampart.el --- rampart, the Terraform security linter, through Eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: languages, tools, terraform

;;; Commentary:

;; Runs `rampart lsp' through Eglot for Terraform buffers, so rampart's
;; findings show up as Flymake diagnostics, with its quick fixes as Eglot
;; code actions (M-x eglot-code-actions) and rule documentation on hover.
;;
;;   (add-to-list 'load-path "/path/to/rampart/editors/emacs")
;;   (require 'rampart)
;;
;; What loading this file does:
;; - registers `rampart-command' in `eglot-server-programs' for
;;   `terraform-mode', `hcl-mode' and `rampart-terraform-mode' (language id
;;   "terraform"; "terraform-vars" for .tfvars buffers);
;; - when no terraform-mode is installed, opens .tf and .tfvars files in
;;   `rampart-terraform-mode', a minimal major mode (comments, strings,
;;   brace indentation, a little highlighting);
;; - with `rampart-auto-start' (the default), starts Eglot in those modes;
;; - makes the nearest directory holding rampart.toml or .rampart.toml the
;;   project root of a Terraform buffer (else project.el's usual root: the
;;   VC repository).
;;
;; Eglot runs one server per major mode and project, so for these modes
;; rampart takes the place of another Terraform server (terraform-ls).

;;; Code:

(require 'eglot)
(require 'project)
(require 'cl-lib)

(defgroup rampart nil
  "The rampart Terraform security linter, through Eglot."
  :group 'tools
  :prefix "rampart-")

(defcustom rampart-command '("rampart" "lsp")
  "Command that starts rampart's language server: program and arguments.
Read each time Eglot starts a server, so it can be changed after loading."
  :type '(repeat string))

(defcustom rampart-auto-start t
  "When non-nil, start Eglot (and so rampart) in Terraform buffers."
  :type 'boolean)

(defcustom rampart-major-modes '(terraform-mode hcl-mode rampart-terraform-mode)
  "Major modes whose buffers rampart checks.
Set before loading rampart.el."
  :type '(repeat symbol))

(defcustom rampart-root-markers '("rampart.toml" ".rampart.toml")
  "Files marking the root of a rampart project, looked for upwards."
  :type '(repeat string))

;;;; A minimal Terraform major mode, for when none is installed.

(defvar rampart-terraform-mode-syntax-table
  (let ((st (make-syntax-table)))
    ;; # and // line comments, /* */ block comments.
    (modify-syntax-entry ?# "< b" st)
    (modify-syntax-entry ?/ ". 124b" st)
    (modify-syntax-entry ?* ". 23" st)
    (modify-syntax-entry ?\n "> b" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?_ "_" st)
    (modify-syntax-entry ?- "_" st)
    (modify-syntax-entry ?= "." st)
    st)
  "Syntax table of `rampart-terraform-mode'.")

(defvar rampart-terraform-font-lock-keywords
  `((,(regexp-opt '("resource" "data" "variable" "output" "locals" "module"
                    "provider" "terraform" "dynamic" "moved" "import" "check")
                  'symbols)
     . font-lock-keyword-face)
    (,(regexp-opt '("for" "in" "if" "null" "true" "false") 'symbols)
     . font-lock-builtin-face)
    ("^\\s-*\\([[:alnum:]_-]+\\)\\s-*=" 1 font-lock-variable-name-face))
  "Highlighting of `rampart-terraform-mode'.")

(defcustom rampart-terraform-indent-offset 2
  "Indentation step of `rampart-terraform-mode'."
  :type 'integer)

(defun rampart-terraform-indent-line ()
  "Indent the current line by bracket depth."
  (interactive)
  (let* ((depth (save-excursion
                  (beginning-of-line)
                  (car (syntax-ppss))))
         (closing (save-excursion
                    (back-to-indentation)
                    (looking-at-p "[]})]")))
         (column (* rampart-terraform-indent-offset
                    (max 0 (- depth (if closing 1 0))))))
    (if (<= (current-column) (current-indentation))
        (indent-line-to column)
      (save-excursion (indent-line-to column)))))

;;;###autoload
(define-derived-mode rampart-terraform-mode prog-mode "Terraform"
  "Minimal major mode for Terraform files, from rampart.el.
Used only when no other Terraform mode is installed."
  :syntax-table rampart-terraform-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?:#+\\|/[/*]+\\)\\s-*")
  (setq-local indent-line-function #'rampart-terraform-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(rampart-terraform-font-lock-keywords)))

(defun rampart--terraform-mode-available-p ()
  "Non-nil when another Terraform major mode is installed."
  (or (fboundp 'terraform-mode)
      (locate-library "terraform-mode")))

(unless (rampart--terraform-mode-available-p)
  (add-to-list 'auto-mode-alist '("\\.tf\\'" . rampart-terraform-mode))
  (add-to-list 'auto-mode-alist '("\\.tfvars\\'" . rampart-terraform-mode)))

;;;; Eglot

(defun rampart-eglot-contact (&optional _interactive)
  "The Eglot contact for rampart: `rampart-command'."
  rampart-command)

(add-to-list 'eglot-server-programs
             (cons (mapcar (lambda (mode) (list mode :language-id "terraform"))
                           rampart-major-modes)
                   #'rampart-eglot-contact))

(defun rampart--language-id-for-buffer (item)
  "Give the TextDocumentItem ITEM of a .tfvars buffer the id terraform-vars.
Eglot has one language id per server; rampart's are per file."
  (if (and buffer-file-name
           (string-match-p "\\.tfvars\\(\\.json\\)?\\'" buffer-file-name)
           (plist-member item :languageId))
      (plist-put item :languageId "terraform-vars")
    item))

(when (fboundp 'eglot--TextDocumentItem)
  (advice-add 'eglot--TextDocumentItem :filter-return
              #'rampart--language-id-for-buffer))

;;;; Project root: the nearest directory with rampart.toml.

(defun rampart-project-find (dir)
  "A project.el backend: the nearest directory above DIR with a root marker.
Only for buffers in `rampart-major-modes'."
  (when (apply #'derived-mode-p rampart-major-modes)
    (let ((root (cl-some (lambda (marker) (locate-dominating-file dir marker))
                         rampart-root-markers)))
      ;; The nearest of the markers, if several are found.
      (dolist (marker rampart-root-markers)
        (let ((r (locate-dominating-file dir marker)))
          (when (and r (> (length (expand-file-name r))
                          (length (expand-file-name root))))
            (setq root r))))
      (when root
        (cons 'rampart (file-name-as-directory (expand-file-name root)))))))

(cl-defmethod project-root ((project (head rampart)))
  "The root of a rampart PROJECT."
  (cdr project))

(add-hook 'project-find-functions #'rampart-project-find)

;;;; Starting

(defun rampart-maybe-start ()
  "Start Eglot for this buffer when `rampart-auto-start' is set."
  (when (and rampart-auto-start buffer-file-name)
    (eglot-ensure)))

(dolist (mode rampart-major-modes)
  (add-hook (intern (format "%s-hook" mode)) #'rampart-maybe-start))

(provide 'rampart)
;;; rampart.el ends here
