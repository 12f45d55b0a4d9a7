;;; test.el --- Real-client test: Emacs + Eglot + rampart.el + `rampart lsp'  -*- lexical-binding: t; -*-

;; emacs --batch -Q -l tests/editors/emacs/test.el
;;
;; Loads the repo's editors/emacs/rampart.el, opens the fixture (default
;; tests/editors/fixtures/emacs-ssh/main.tf), lets rampart.el start Eglot,
;; waits (bounded) for Flymake diagnostics from rampart and checks NET001's
;; line and UTF-16 column, hovers it, applies the "Suppress NET001 here"
;; code action and waits for NET001 to go away.
;; Environment: RAMPART_BIN (default <repo>/target/debug/rampart),
;; RAMPART_FIXTURE, RAMPART_TEST_TIMEOUT (seconds, default 60).
;; Exit status 0 on success, 1 on failure; messages go to stderr.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar rt-dir (file-name-directory (or load-file-name buffer-file-name)))
(defvar rt-repo (file-name-as-directory (expand-file-name "../../.." rt-dir)))
(defvar rt-bin (or (getenv "RAMPART_BIN") (expand-file-name "target/debug/rampart" rt-repo)))
(defvar rt-fixture (or (getenv "RAMPART_FIXTURE")
                       (expand-file-name "tests/editors/fixtures/emacs-ssh/main.tf" rt-repo)))
(defvar rt-timeout (string-to-number (or (getenv "RAMPART_TEST_TIMEOUT") "60")))

;; Expected for emacs-ssh/main.tf.
(defvar rt-expect-line 11)                   ; 1-based, `  cidr_blocks = [/* 🔐 admins */ "0.0.0.0/0"]'
(defvar rt-expect-text "\"0.0.0.0/0\"")      ; what the diagnostic's range covers
(defvar rt-expect-block-line 5)              ; `resource "aws_security_group_rule" "ssh" {'

(defun rt-log (fmt &rest args)
  (message "[emacs-test] %s" (apply #'format fmt args)))

(defun rt-finish (ok msg)
  (rt-log "%s: %s" (if ok "PASS" "FAIL") msg)
  (when (and (not ok) (fboundp 'eglot-current-server))
    ;; The tail of Eglot's events buffer, to see what the server said.
    (let ((buf (cl-find-if (lambda (b) (string-match-p "EGLOT.*events" (buffer-name b)))
                           (buffer-list))))
      (when buf
        (with-current-buffer buf
          (rt-log "last Eglot events:\n%s"
                  (buffer-substring-no-properties
                   (max (point-min) (- (point-max) 4000)) (point-max)))))))
  (kill-emacs (if ok 0 1)))

(defun rt-check (cond msg &optional detail)
  (if cond
      (rt-log "ok - %s" msg)
    (throw 'rt-fail (if detail (format "%s\n  %S" msg detail) msg))))

(defun rt-wait (seconds pred &optional tick)
  "Process events until PRED is non-nil or SECONDS pass; call TICK every 0.5 s."
  (let ((deadline (+ (float-time) seconds))
        (next-tick 0)
        result)
    (while (and (not (setq result (funcall pred)))
                (< (float-time) deadline))
      (when (and tick (>= (float-time) next-tick))
        (funcall tick)
        (setq next-tick (+ (float-time) 0.5)))
      (accept-process-output nil 0.05))
    result))

(defun rt-net001 ()
  "The Flymake diagnostic of this buffer that mentions NET001."
  (cl-find-if (lambda (d) (string-match-p "NET001" (flymake-diagnostic-text d)))
              (flymake-diagnostics)))

(defun rt-flymake-tick ()
  ;; In batch mode there is no command loop: run what it would run.
  (when (and (bound-and-true-p eglot--managed-mode)
             (fboundp 'eglot--signal-textDocument/didChange))
    (eglot--signal-textDocument/didChange))
  (when (bound-and-true-p flymake-mode)
    (flymake-start)))

(defun rt-hover-text (contents)
  (cond ((stringp contents) contents)
        ((and (listp contents) (plist-get contents :value)) (plist-get contents :value))
        ((vectorp contents) (mapconcat #'rt-hover-text contents "\n"))
        (t (format "%S" contents))))

(defun rt-run ()
  ;; -Q skips package activation; Debian's elpa-eglot lives in
  ;; /usr/share/emacs/site-lisp/elpa, on `package-directory-list'.
  (require 'package)
  (when (file-directory-p "/usr/share/emacs/site-lisp/elpa")
    (add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa"))
  (package-initialize)
  (rt-log "%s, eglot %s, server %s"
          (car (split-string (emacs-version) "\n"))
          (let ((desc (cadr (assq 'eglot package-alist))))
            (if desc (package-version-join (package-desc-version desc)) "(not a package)"))
          rt-bin)
  (add-to-list 'load-path (expand-file-name "editors/emacs" rt-repo))
  (require 'rampart)
  (setq rampart-command (list rt-bin "lsp"))

  ;; 1. The file opens in a Terraform mode, and rampart.el schedules Eglot.
  (find-file rt-fixture)
  (rt-check (apply #'derived-mode-p rampart-major-modes)
            (format "%s opens in a mode rampart serves (%s)" (file-name-nondirectory rt-fixture) major-mode))
  (rt-check (memq #'rampart-maybe-start (symbol-value (intern (format "%s-hook" major-mode))))
            "rampart.el hooks the mode to start Eglot")
  ;; eglot-ensure connects from post-command-hook; batch Emacs has no
  ;; command loop, so run the hook as the command loop would.
  (run-hooks 'post-command-hook)
  (rt-check (rt-wait 15 (lambda () (and (bound-and-true-p eglot--managed-mode) (eglot-current-server))))
            "Eglot manages the buffer")
  (let* ((server (eglot-current-server))
         (root (project-root (eglot--project server)))
         (fixture-dir (file-name-directory rt-fixture)))
    (rt-check (equal (file-name-as-directory (expand-file-name root))
                     (file-name-as-directory (expand-file-name fixture-dir)))
              (format "the project root is the directory with rampart.toml (%s)" root))
    (rt-check (equal (process-command (jsonrpc--process server)) (list rt-bin "lsp"))
              (format "the server command is `%s lsp'" rt-bin)
              (process-command (jsonrpc--process server)))
    (rt-check (equal (eglot--language-id server) "terraform")
              (format "the language id is terraform (%s)" (eglot--language-id server)))

    ;; 2. Flymake shows rampart's NET001 on the right line and columns.
    (rt-check (rt-wait 30 #'rt-net001 #'rt-flymake-tick)
              "Flymake has a diagnostic mentioning NET001"
              (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
    (let* ((d (rt-net001))
           (beg (flymake-diagnostic-beg d))
           (end (flymake-diagnostic-end d)))
      (rt-log "diagnostic: %s" (flymake-diagnostic-text d))
      (rt-check (string-prefix-p "rampart [NET001]: " (flymake-diagnostic-text d))
                "its text is `rampart [NET001]: ...' (source and code)")
      (rt-check (eq (flymake-diagnostic-type d) 'eglot-error)
                (format "it is an error (critical) (%s)" (flymake-diagnostic-type d)))
      (rt-check (= (line-number-at-pos beg) rt-expect-line)
                (format "it is on line %d (got %d)" rt-expect-line (line-number-at-pos beg)))
      (rt-check (equal (buffer-substring-no-properties beg end) rt-expect-text)
                (format "its UTF-16 range covers %s (got %S)" rt-expect-text
                        (buffer-substring-no-properties beg end)))

      ;; 3. Hover there shows the rule's documentation.
      (goto-char (1+ beg))
      (let* ((hover (jsonrpc-request server :textDocument/hover
                                     (eglot--TextDocumentPositionParams)))
             (text (and hover (rt-hover-text (plist-get hover :contents)))))
        (rt-check (and text (string-match-p "NET001" text))
                  "hover on the range mentions NET001" hover))

      ;; 4. The "Suppress NET001 here" code action, applied by Eglot.
      (let* ((actions (eglot-code-actions beg end))
             (titles (mapcar (lambda (a) (plist-get a :title)) actions))
             (suppress (cl-find "Suppress NET001 here" actions
                                :key (lambda (a) (plist-get a :title)) :test #'equal))
             (lines-before (count-lines (point-min) (point-max))))
        (rt-log "code actions: %s" (string-join titles " | "))
        (rt-check suppress "a code action titled \"Suppress NET001 here\"" titles)
        ;; The fixture's rampart.toml has trusted_cidrs and the flagged value
        ;; is a literal: a "Restrict to" fix replacing it (not applied here).
        (let* ((restrict (cl-find "Restrict to 203.0.113.0/24" actions
                                  :key (lambda (a) (plist-get a :title)) :test #'equal))
               (changes (plist-get (plist-get restrict :edit) :changes))
               (edits (and changes (cadr changes)))
               (e (and (vectorp edits) (= (length edits) 1) (aref edits 0))))
          (rt-check restrict "a code action titled \"Restrict to 203.0.113.0/24\"" titles)
          (rt-check (and e (equal (plist-get e :newText) "\"203.0.113.0/24\"")
                         (equal (plist-get e :range) (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))) :range)))
                    "it replaces the flagged literal with \"203.0.113.0/24\"" restrict))
        (let ((edit (plist-get suppress :edit)))
          (when (and (not edit) (plist-get suppress :data))
            (setq edit (plist-get (jsonrpc-request server :codeAction/resolve suppress) :edit)))
          (rt-check edit "the action carries a WorkspaceEdit" suppress)
          (eglot--apply-workspace-edit edit))
        (rt-check (= (count-lines (point-min) (point-max)) (1+ lines-before))
                  "the edit inserted one line")
        (goto-char (point-min))
        (rt-check (re-search-forward "^\\([ \t]*\\)# rampart:ignore NET001 reason: ?$" nil t)
                  "the buffer has `# rampart:ignore NET001 reason: '"
                  (buffer-string))
        (let* ((indent (match-string 1))
               (comment-line (line-number-at-pos))
               (below (progn (forward-line 1)
                             (buffer-substring-no-properties (line-beginning-position) (line-end-position)))))
          (rt-check (or (= comment-line rt-expect-block-line)
                        (= comment-line rt-expect-line))
                    (format "the comment is directly above the resource or the attribute (line %d, above %S)"
                            comment-line below))
          (rt-check (and (string-match "\\`[ \t]*" below)
                         (equal indent (match-string 0 below)))
                    "the comment is indented like the line below it"))

        ;; 5. rampart re-checks the edited buffer and NET001 goes away.
        (rt-check (rt-wait 20 (lambda () (null (rt-net001))) #'rt-flymake-tick)
                  "after the edit, Flymake no longer shows NET001"
                  (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))))

    ;; 6. A .tfvars file of the module joins the same server, opened with
    ;;    the language id terraform-vars.
    (let ((opened nil))
      (advice-add 'jsonrpc-notify :before
                  (lambda (_conn method params)
                    (when (eq method :textDocument/didOpen)
                      (push (plist-get params :textDocument) opened)))
                  '((name . rt-record-didopen)))
      (find-file (expand-file-name "terraform.tfvars" fixture-dir))
      (run-hooks 'post-command-hook)
      (rt-check (rt-wait 10 (lambda () (and (bound-and-true-p eglot--managed-mode) opened)))
                "terraform.tfvars is managed by Eglot")
      (rt-check (eq (eglot-current-server) server) "by the same rampart server")
      (let ((item (car opened)))
        (rt-check (string-suffix-p "terraform.tfvars" (plist-get item :uri))
                  "didOpen for terraform.tfvars" item)
        (rt-check (equal (plist-get item :languageId) "terraform-vars")
                  "its languageId is terraform-vars" item)))))

(run-with-timer rt-timeout nil
                (lambda () (rt-finish nil (format "watchdog: not finished within %s s" rt-timeout))))

(let ((err (catch 'rt-fail
             (condition-case e
                 (progn (rt-run) nil)
               (error (format "error: %S" e))))))
  (rt-finish (null err) (or err "Emacs + Eglot: diagnostics, hover, code action and fix")))

;;; test.el ends here
