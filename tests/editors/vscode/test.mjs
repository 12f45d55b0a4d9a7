// Drives a running code-server (started by run.sh, with the linux-x64 .vsix
// installed, rampart bundled inside, none on PATH, rampart.path unset, and
// the vscode-ssh fixture open) through headless Chromium, as a person would:
// open main.tf, see the squiggle (from the bundled binary), read the Problems
// panel, hover, apply the "Suppress NET001 here" quick fix; then kill the
// server (the extension must restart it), run "rampart: Restart server", set
// a wrong rampart.path in the Settings editor (one clear notification, no
// fallback to the bundled binary), another binary (it wins over the bundled
// one), and clear the setting (the bundled binary is back).
//
// Environment (set by run.sh):
//   CODE_SERVER_URL   http://127.0.0.1:PORT/?folder=/abs/workspace
//   SCREENSHOT        where to save the Problems panel screenshot (PNG)
//   ARTIFACTS         directory for failure screenshots (optional)
//   CHROMIUM          the browser (default /usr/bin/chromium)
//   CODE_SERVER_PID   code-server's pid: the rampart servers we look for are its descendants
//   RAMPART           the bundled binary (inside the installed extension)
//   RAMPART_OTHER     another copy of rampart, not on PATH, for rampart.path
//   INSTALL_STARTED_MS  when run.sh began installing the .vsix (ms since the epoch; optional)

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { accessSync, constants, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const URL = must("CODE_SERVER_URL");
const SCREENSHOT = must("SCREENSHOT");
const ARTIFACTS = process.env.ARTIFACTS ?? path.dirname(SCREENSHOT);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const CODE_SERVER_PID = Number(must("CODE_SERVER_PID"));
const RAMPART = must("RAMPART");
const RAMPART_OTHER = must("RAMPART_OTHER");
const INSTALL_STARTED_MS = Number(process.env.INSTALL_STARTED_MS ?? NaN);

// What the fixture must produce (tests/editors/fixtures/vscode-ssh/main.tf).
const FILE = "main.tf";
const CODE = "NET001";
const POSITION = "[Ln 13, Col 20]";
const TITLE = "Remote-administration port open to the internet";
const MESSAGE = "`aws_security_group.bastion` allows SSH (port 22) from the internet (0.0.0.0/0)";
const FIX_TITLE = `Suppress ${CODE} here`;
const SUPPRESSION = `# rampart:ignore ${CODE} reason:`;

// Every wait is bounded; the whole run is bounded again by run.sh.
const T_LOAD = 60_000; // workbench up, explorer populated
const T_DIAG = 60_000; // server start + first analysis
const T_UI = 15_000; // a widget appearing after a key or a mouse move
const T_TOTAL = 150_000;

const started = Date.now();
let checks = 0;
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const step = (msg) => console.log(`[${elapsed()}] ${msg}`);
const ok = (msg) => {
  checks += 1;
  console.log(`[${elapsed()}]   ok: ${msg}`);
};

function must(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`test.mjs: ${name} is not set (run it through run.sh)`);
    process.exit(2);
  }
  return v;
}

class Failure extends Error {}
function check(cond, msg, detail) {
  if (!cond) {
    throw new Failure(`${msg}${detail === undefined ? "" : `\n      got: ${JSON.stringify(detail)}`}`);
  }
  ok(msg);
}

/** Editor text as rendered (Monaco uses non-breaking spaces). */
const normalize = (s) => s.replace(/\u00a0/g, " ");

/**
 * The editor's rendered lines, top to bottom. Monaco positions each line
 * absolutely and may keep them out of DOM order after an edit, so sort by top.
 */
async function editorLines(page) {
  return page.evaluate(() => {
    const root = document.querySelector(".editor-instance .monaco-editor .view-lines");
    if (!root) return [];
    return [...root.querySelectorAll(":scope > .view-line")]
      .map((e) => ({ top: parseFloat(e.style.top) || 0, text: (e.textContent ?? "").replace(/\u00a0/g, " ") }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text);
  });
}

/** The error count in the status bar's problems item ("1 0" = 1 error, 0 warnings). */
async function statusBarErrors(page) {
  const text = normalize(await page.locator(".statusbar-item[id='status.problems']").first().innerText());
  const m = text.match(/(\d+)/);
  return m ? Number(m[1]) : NaN;
}

async function problemRows(page) {
  const rows = page.locator(".markers-panel .monaco-list-row");
  return (await rows.allInnerTexts()).map((t) => normalize(t).replace(/\s+/g, " ").trim());
}

/** Pids of `BIN lsp` processes started under this code-server (not anyone else's). */
function rampartServers(bin = RAMPART) {
  const procs = execFileSync("ps", ["-e", "-o", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter(Boolean)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const ours = new Set([CODE_SERVER_PID]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!ours.has(p.pid) && ours.has(p.ppid)) {
        ours.add(p.pid);
        grew = true;
      }
    }
  }
  return procs.filter((p) => ours.has(p.pid) && p.args === `${bin} lsp`).map((p) => p.pid);
}

/** Waits (bounded) until exactly one `BIN lsp` server runs and it is not one of `old`. */
async function newServer(old, timeout, bin = RAMPART) {
  const until = Date.now() + timeout;
  let pids = [];
  while (Date.now() < until) {
    pids = rampartServers(bin);
    if (pids.length === 1 && !old.includes(pids[0])) return pids[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Failure(`no new ${bin} lsp server after ${timeout / 1000}s (old ${JSON.stringify(old)}, now ${JSON.stringify(pids)})`);
}

/** The PATH a process runs with, and the directories on it that hold an executable rampart. */
function rampartOnPath(pid) {
  const env = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
  const PATH = (env.find((e) => e.startsWith("PATH=")) ?? "PATH=").slice(5);
  const holders = PATH.split(":")
    .filter((d) => d.length > 0)
    .map((d) => path.join(d, "rampart"))
    .filter((f) => {
      try {
        accessSync(f, constants.X_OK);
        return statSync(f).isFile();
      } catch {
        return false;
      }
    });
  return { PATH, holders };
}

/** Opens the Settings editor on the "Rampart: Path" field, as a user would; returns the field. */
async function openPathSetting(page) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(">Preferences: Open User Settings");
  const first = page.locator(".quick-input-widget .monaco-list-row").first();
  await first.filter({ hasText: "Preferences: Open User Settings" }).waitFor();
  const label = normalize(await first.innerText());
  if (label.includes("JSON")) throw new Failure(`the first command is not the Settings editor: ${label}`);
  await page.keyboard.press("Enter");
  await page.locator(".settings-editor").first().waitFor();
  // rampart.path is machine-overridable: in a remote window (code-server is
  // one) the Settings editor lists it under the Remote tab, not User.
  await page.locator(".settings-editor .settings-tabs-widget .action-label", { hasText: "Remote" }).first().click();
  await page.locator(".settings-editor .suggest-input-container").first().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("rampart.path");
  const field = page.locator(".settings-editor .setting-item-contents", { hasText: "Rampart: Path" }).locator("input").first();
  await field.waitFor();
  return field;
}

async function typeSetting(page, field, value) {
  // One input event with the whole value: typed key by key, the editor saves
  // partial values and re-renders the field under the cursor.
  await field.fill(value);
  const got = await field.inputValue();
  if (got !== value) throw new Failure(`the Rampart: Path field holds ${JSON.stringify(got)}, not ${JSON.stringify(value)}`);
  await field.press("Tab");
  // The Settings editor writes after a short debounce.
  await page.waitForTimeout(1000);
}

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(T_UI);
  const consoleErrors = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });

  try {
    await run(page);
  } catch (err) {
    const shot = path.join(ARTIFACTS, "failure.png");
    await page.screenshot({ path: shot }).catch(() => undefined);
    const toasts = await page
      .locator(".notifications-toasts .notification-toast, .notifications-center .notification-list-item")
      .allInnerTexts()
      .catch(() => []);
    console.log(`[${elapsed()}] failure screenshot: ${shot}`);
    if (toasts.length) console.log(`notifications:\n  ${toasts.map(normalize).join("\n  ")}`);
    const relevant = consoleErrors.filter((e) => !/vsda|favicon/i.test(e)).slice(-10);
    if (relevant.length) console.log(`browser console errors (last ${relevant.length}):\n  ${relevant.join("\n  ")}`);
    throw err;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

async function run(page) {
  step(`open ${URL}`);
  await page.goto(URL, { waitUntil: "domcontentloaded", timeout: T_LOAD });
  await page.locator(".monaco-workbench").waitFor({ timeout: T_LOAD });

  step(`open ${FILE} from the explorer`);
  const row = page.locator(".explorer-folders-view .monaco-list-row", { hasText: FILE }).first();
  await row.waitFor({ timeout: T_LOAD });
  await row.click();
  const tab = page.locator(".tabs-container .tab", { hasText: FILE }).first();
  await tab.waitFor({ timeout: T_UI });
  await page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor();
  const before = await editorLines(page);
  check(before[12]?.includes('cidr_blocks = ["0.0.0.0/0"]'), `${FILE} is open in the editor`, before.slice(10, 14));

  step("wait for the diagnostic");
  const squiggle = page.locator(".editor-instance .monaco-editor .squiggly-error");
  await squiggle.first().waitFor({ timeout: T_DIAG });
  check((await squiggle.count()) >= 1, "an error squiggle (.squiggly-error) is drawn");
  if (Number.isFinite(INSTALL_STARTED_MS)) {
    ok(`first diagnostic ${((Date.now() - INSTALL_STARTED_MS) / 1000).toFixed(1)}s after the .vsix install began (install, VS Code start, page load, server start)`);
  }
  const servers = rampartServers();
  check(servers.length === 1, `the server is the bundled binary: one "${RAMPART} lsp" runs under code-server`, servers);
  const env = rampartOnPath(servers[0]);
  check(env.holders.length === 0, `no rampart on the PATH the extension host gave it (${env.PATH})`, env.holders);
  const language = await page.locator(".statusbar-item[id='status.editor.mode']").innerText().catch(() => "");
  check(/terraform/i.test(language), "the editor's language mode is Terraform", language);

  step("Problems panel");
  await page.keyboard.press("Control+Shift+M");
  const problem = page.locator(".markers-panel .monaco-list-row", { hasText: CODE });
  await problem.first().waitFor({ timeout: T_UI });
  const rows = await problemRows(page);
  const ours = rows.filter((r) => r.includes(CODE));
  check(ours.length === 1, `exactly one Problems row mentions ${CODE}`, rows);
  const text = ours[0];
  check(text.includes("rampart"), "the Problems row names the source rampart", text);
  check(text.includes(POSITION), `the Problems row is at ${POSITION}`, text);
  check(text.includes(MESSAGE), "the Problems row carries the finding's message", text);
  const others = rows.filter((r) => !r.includes(CODE) && !r.includes(FILE));
  check(others.length === 0, "no other problems are reported", others);
  const errors = await statusBarErrors(page);
  check(errors === 1, "the status bar counts exactly one error (no duplicate diagnostics)", errors);
  await page.screenshot({ path: SCREENSHOT });
  ok(`screenshot of the Problems panel: ${SCREENSHOT}`);

  step("hover the squiggle");
  const box = await squiggle.first().boundingBox();
  check(box !== null && box.width > 0, "the squiggle has a position on screen", box);
  const cx = box.x + Math.min(box.width / 2, 30);
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy - 40, { steps: 2 });
  await page.mouse.move(cx, cy, { steps: 10 });
  const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: CODE }).first();
  await hover.waitFor({ timeout: T_UI });
  // Hover parts (marker, then the server's hover) render in turn: wait for the title.
  await page
    .locator(".monaco-hover:not(.hidden)", { hasText: TITLE })
    .first()
    .waitFor({ timeout: T_UI })
    .catch(() => undefined);
  const hoverText = normalize(await hover.innerText());
  check(hoverText.includes(TITLE), `the hover shows the rule's title "${TITLE}"`, hoverText);
  check(hoverText.includes(MESSAGE), "the hover shows the finding's message", hoverText);
  await page.mouse.move(5, 5);
  await page.keyboard.press("Escape");

  step(`quick fix "${FIX_TITLE}"`);
  await page.mouse.click(cx, cy);
  await page.keyboard.press("Control+.");
  const actions = page.locator(".action-widget .monaco-list-row");
  await page.locator(".action-widget .monaco-list-row", { hasText: FIX_TITLE }).first().waitFor({ timeout: T_UI });
  const titles = (await actions.allInnerTexts()).map((t) => normalize(t).trim());
  check(titles.some((t) => t.includes(FIX_TITLE)), `the quick fix menu offers "${FIX_TITLE}"`, titles);
  // Clicking a row is intercepted by the widget; move the keyboard focus to it instead.
  let focused = "";
  for (let i = 0; i <= titles.length + 1; i++) {
    focused = normalize(await page.locator(".action-widget .monaco-list-row.focused").first().innerText().catch(() => ""));
    if (focused.includes(FIX_TITLE)) break;
    await page.keyboard.press("ArrowDown");
  }
  check(focused.includes(FIX_TITLE), `"${FIX_TITLE}" is selected`, focused);
  await page.keyboard.press("Enter");

  step("the fix is applied and the finding goes away");
  await page.waitForFunction(
    (s) => [...document.querySelectorAll(".editor-instance .monaco-editor .view-lines")].some((e) => e.innerText.replace(/\u00a0/g, " ").includes(s)),
    SUPPRESSION,
    { timeout: T_UI },
  );
  const lines = await editorLines(page);
  const at = lines.findIndex((l) => l.includes(SUPPRESSION));
  check(at >= 0, `the editor now has a "${SUPPRESSION}" line`, lines);
  check(lines[at].trim().startsWith(SUPPRESSION), "the suppression is a comment line of its own", lines[at]);
  check(
    at === 12 && /^\s*cidr_blocks\s*=/.test(lines[at + 1] ?? ""),
    "it sits on line 13, directly above the offending cidr_blocks attribute",
    lines.slice(at - 1, at + 2),
  );
  check(lines[at].indexOf("#") === lines[at + 1].search(/\S/), "it is indented like the attribute", lines.slice(at, at + 2));
  await squiggle.first().waitFor({ state: "detached", timeout: T_DIAG });
  check((await squiggle.count()) === 0, "the error squiggle is gone");
  // The Problems panel is still open from before (the shortcut would toggle it closed).
  check(await page.locator(".markers-panel").first().isVisible(), "the Problems panel is still shown");
  await page.locator(".markers-panel .monaco-list-row", { hasText: CODE }).first().waitFor({ state: "detached", timeout: T_UI });
  const rowsAfter = (await problemRows(page)).filter((r) => r.includes(CODE));
  check(rowsAfter.length === 0, `the ${CODE} row is gone from the Problems panel`, rowsAfter);
  const errorsAfter = await statusBarErrors(page);
  check(errorsAfter === 0, "the status bar counts no errors", errorsAfter);
  await page.screenshot({ path: path.join(ARTIFACTS, "after-fix.png") });

  step("the server dies: the extension restarts it");
  const first = rampartServers();
  check(first.length === 1, "one rampart lsp process runs under code-server", first);
  process.kill(first[0], "SIGKILL");
  const second = await newServer(first, T_DIAG);
  ok(`a new server was started (pid ${first[0]} killed, pid ${second} running)`);
  // Undo the suppression: the restarted server must see the buffer and flag it again.
  await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Z");
  await page.waitForFunction(
    (s) => ![...document.querySelectorAll(".editor-instance .monaco-editor .view-lines")].some((e) => e.innerText.replace(/\u00a0/g, " ").includes(s)),
    SUPPRESSION,
    { timeout: T_UI },
  );
  await squiggle.first().waitFor({ timeout: T_DIAG });
  check((await squiggle.count()) >= 1, "after undo, the restarted server flags the CIDR again");

  step('command "rampart: Restart server"');
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(">rampart: Restart server");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "rampart: Restart server" }).first().waitFor();
  await page.keyboard.press("Enter");
  const third = await newServer([second], T_DIAG);
  ok(`the command replaced the server (pid ${second} stopped, pid ${third} running)`);
  await squiggle.first().waitFor({ timeout: T_DIAG });
  await page.locator(".markers-panel .monaco-list-row", { hasText: CODE }).first().waitFor({ timeout: T_UI });
  const rowsRestarted = (await problemRows(page)).filter((r) => r.includes(CODE));
  check(rowsRestarted.length === 1 && rowsRestarted[0].includes(POSITION), `the ${CODE} finding is back at ${POSITION}`, rowsRestarted);

  step("a wrong rampart.path (set in the Settings editor): one clear notification, no fallback");
  const field = await openPathSetting(page);
  await typeSetting(page, field, "/nonexistent/rampart");
  const toasts = page.locator(".notifications-toasts .notification-toast");
  await toasts.filter({ hasText: "could not start the language server" }).first().waitFor({ timeout: T_UI });
  await page.waitForTimeout(1000); // let any duplicate arrive
  const toastTexts = (await toasts.allInnerTexts()).map(normalize);
  const startToasts = toastTexts.filter((t) => /could not start|couldn't create connection/.test(t));
  check(startToasts.length === 1, "exactly one notification says the server could not start", toastTexts);
  check(startToasts[0].includes("/nonexistent/rampart") && startToasts[0].includes("rampart.path"), "it names the path and the setting", startToasts[0]);
  check(rampartServers().length === 0, "no rampart server runs: a wrong rampart.path does not fall back to the bundled binary", rampartServers());

  step("rampart.path set to another binary: it wins over the bundled one");
  await typeSetting(page, field, RAMPART_OTHER);
  const fourth = await newServer([], T_DIAG, RAMPART_OTHER);
  ok(`rampart.path started ${RAMPART_OTHER} lsp (pid ${fourth})`);
  check(rampartServers().length === 0, "the bundled binary does not run", rampartServers());
  await page.locator(".markers-panel .monaco-list-row", { hasText: CODE }).first().waitFor({ timeout: T_DIAG });
  ok(`the ${CODE} finding is reported again`);

  step("rampart.path cleared: the bundled binary is back");
  await typeSetting(page, field, "");
  const fifth = await newServer([third], T_DIAG);
  ok(`clearing rampart.path started the bundled binary again (pid ${fifth})`);
  check(rampartServers(RAMPART_OTHER).length === 0, "the other binary no longer runs", rampartServers(RAMPART_OTHER));
  await page.locator(".markers-panel .monaco-list-row", { hasText: CODE }).first().waitFor({ timeout: T_DIAG });
  ok(`the ${CODE} finding is reported again`);
}

const watchdog = setTimeout(() => {
  console.log(`FAIL: tests/editors/vscode: the browser test took longer than ${T_TOTAL / 1000}s`);
  process.exit(1);
}, T_TOTAL);

try {
  await main();
  clearTimeout(watchdog);
  console.log(`[${elapsed()}] ${checks} checks passed`);
  process.exit(0);
} catch (err) {
  clearTimeout(watchdog);
  const msg = err instanceof Failure ? err.message : (err && err.stack) || String(err);
  console.log(`[${elapsed()}] check failed: ${msg}`);
  process.exit(1);
}
