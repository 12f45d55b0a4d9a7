// Which rampart the extension starts (editors/vscode/src/resolve.ts), under
// plain node: rampart.path wins over the bundled binary, the bundled binary
// over PATH, and rampart.path keeps its contract (bare name on PATH, relative
// to the workspace folder, `~`, `${workspaceFolder}`).
//
//   node tests/editors/vscode/resolve.test.mjs
//
// Needs editors/vscode/node_modules (npm ci there): esbuild compiles
// src/resolve.ts, the very file the extension bundles. The executables are
// small scripts in a temporary directory: only their place and mode matter.
// Takes well under a second. Prints ok/FAIL lines; exits 1 on a failure.

import { createRequire } from "node:module";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXT = path.resolve(HERE, "../../../editors/vscode");
const require = createRequire(path.join(EXT, "package.json"));
const esbuild = require("esbuild");

const built = esbuild.buildSync({
  entryPoints: [path.join(EXT, "src/resolve.ts")],
  bundle: true,
  platform: "node",
  format: "cjs",
  write: false,
});
const mod = { exports: {} };
new Function("module", "exports", "require", built.outputFiles[0].text)(mod, mod.exports, require);
const { resolveExecutable, bundledExecutable } = mod.exports;

const tmp = mkdtempSync(path.join(os.tmpdir(), "rampart-resolve-"));
function exe(file, mode = 0o755) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "#!/bin/sh\n");
  chmodSync(file, mode);
  return file;
}
const home = path.join(tmp, "home");
const ws = path.join(tmp, "ws");
const withBundle = path.join(tmp, "ext-bundled");
const noBundle = path.join(tmp, "ext-plain");
const brokenBundle = path.join(tmp, "ext-broken");
const bundled = exe(path.join(withBundle, "bundled", "rampart"));
exe(path.join(brokenBundle, "bundled", "rampart"), 0o644);
mkdirSync(noBundle, { recursive: true });
const onPath = exe(path.join(tmp, "usr-bin", "rampart"));
const notOnPath = path.join(tmp, "empty-bin");
mkdirSync(notOnPath, { recursive: true });
const other = exe(path.join(tmp, "elsewhere", "rampart"));
const inWs = exe(path.join(ws, "tools", "rampart"));
const inHome = exe(path.join(home, ".local", "bin", "rampart"));

const base = {
  configured: "",
  workspaceFolder: ws,
  extensionPath: withBundle,
  envPath: [notOnPath, path.dirname(onPath)].join(":"),
  platform: "linux",
  home,
  cwd: tmp,
};

let failures = 0;
let passed = 0;
function expect(name, input, want) {
  const got = resolveExecutable({ ...base, ...input });
  const bad = Object.entries(want).filter(([k, v]) => (v instanceof RegExp ? !v.test(got[k]) : got[k] !== v));
  if (bad.length) {
    failures += 1;
    console.log(`FAIL: ${name}\n      want ${JSON.stringify(want, (_, v) => (v instanceof RegExp ? String(v) : v))}\n      got  ${JSON.stringify(got)}`);
  } else {
    passed += 1;
    console.log(`ok: ${name}: ${got.reason}`);
  }
}

try {
  expect("not set: the bundled binary", {}, { path: bundled, found: true, source: "bundled", reason: /not set: using the binary bundled/ });
  expect("set to blanks: as if not set", { configured: "   " }, { path: bundled, source: "bundled" });
  expect("set (absolute): wins over the bundled binary", { configured: other, configuredIn: "the user settings" }, {
    path: other,
    found: true,
    source: "setting",
    reason: /set in the user settings to /,
  });
  expect("set to a bare name: looked up on PATH, even with a bundled binary", { configured: "rampart" }, { path: onPath, found: true, source: "setting" });
  expect("set to a wrong path: reported, no silent fallback to the bundled binary", { configured: "/nonexistent/rampart" }, {
    path: "/nonexistent/rampart",
    found: false,
    source: "setting",
    why: /"\/nonexistent\/rampart" \(from rampart.path\) is not an executable file/,
  });
  expect("set to a bare name not on PATH: reported with the PATH searched", { configured: "rampart-nope" }, {
    found: false,
    source: "setting",
    why: new RegExp(`"rampart-nope" was not found on PATH \\(${notOnPath}`),
  });
  expect("relative: against the first workspace folder", { configured: "tools/rampart" }, { path: inWs, found: true, source: "setting" });
  expect("${workspaceFolder} is expanded", { configured: "${workspaceFolder}/tools/rampart" }, { path: inWs, found: true });
  expect("~ is the home directory", { configured: "~/.local/bin/rampart" }, { path: inHome, found: true });
  expect("no bundled binary (plain .vsix): rampart on PATH", { extensionPath: noBundle }, { path: onPath, found: true, source: "PATH", reason: /bundles no binary/ });
  expect("no bundled binary and none on PATH: reported", { extensionPath: noBundle, envPath: notOnPath }, {
    path: "rampart",
    found: false,
    source: "PATH",
    why: /"rampart" was not found on PATH/,
  });
  expect("a bundled file without the executable bit: PATH, and the log says why", { extensionPath: brokenBundle }, {
    path: onPath,
    source: "PATH",
    reason: /bundled\/rampart is not an executable file/,
  });
  const win = bundledExecutable(withBundle, "win32");
  if (path.basename(win) === "rampart.exe" && path.basename(path.dirname(win)) === "bundled") {
    passed += 1;
    console.log(`ok: Windows: the bundled binary is bundled/rampart.exe`);
  } else {
    failures += 1;
    console.log(`FAIL: Windows: the bundled binary is ${win}, not bundled/rampart.exe`);
  }
  exe(win, 0o644);
  expect("Windows: bundled/rampart.exe is used (no executable bit there)", { platform: "win32" }, { path: win, found: true, source: "bundled" });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

if (failures) {
  console.log(`FAIL: tests/editors/vscode/resolve.test.mjs: ${failures} failed, ${passed} passed`);
  process.exit(1);
}
console.log(`PASS: tests/editors/vscode/resolve.test.mjs (${passed} checks)`);
