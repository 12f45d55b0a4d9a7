// Which `rampart` executable the extension starts, and why. Pure (no
// `vscode` import) so that tests/editors/vscode/resolve.test.mjs can run it
// under plain node.
//
// 1. `rampart.path`, when the user set it to something non-empty at any
//    settings level VS Code lets us read (user, remote, workspace, folder; in
//    an untrusted workspace only the user's): a bare name is looked up on
//    PATH, a relative path is resolved against the first workspace folder, `~`
//    and `${workspaceFolder}` are expanded. It wins even when it is wrong (no
//    silent fallback: the user asked for that binary).
// 2. Otherwise the binary shipped inside the extension, `bundled/rampart`
//    (`bundled/rampart.exe` on Windows), present in the platform-specific
//    .vsix files (scripts/dist-vsix.sh).
// 3. Otherwise (a .vsix packaged without a binary) `rampart` on PATH.

import * as fs from "fs";
import * as path from "path";

export interface ResolveInput {
  /** `rampart.path` as VS Code reports it (get()); "" or undefined when not set. */
  configured: string | undefined;
  /** Where that value comes from, for the log ("user settings", ...). */
  configuredIn?: string;
  /** The first `file:` workspace folder, if any. */
  workspaceFolder?: string;
  /** The extension's install directory (ExtensionContext.extensionPath). */
  extensionPath: string;
  /** process.env.PATH (and PATHEXT on Windows) of the extension host. */
  envPath: string;
  pathExt?: string;
  platform: NodeJS.Platform;
  home: string;
  cwd: string;
}

export interface Resolution {
  /** What to spawn (absolute when found; the name or path as given otherwise). */
  path: string;
  found: boolean;
  /** "setting", "bundled" or "PATH": which rule chose the binary. */
  source: "setting" | "bundled" | "PATH";
  /** One line for the output channel: which binary and why. */
  reason: string;
  /** When not found: what went wrong, for the error notification. */
  why: string;
}

export function bundledExecutable(extensionPath: string, platform: NodeJS.Platform): string {
  return path.join(extensionPath, "bundled", platform === "win32" ? "rampart.exe" : "rampart");
}

export function resolveExecutable(input: ResolveInput): Resolution {
  const configured = (input.configured ?? "").trim();
  if (configured !== "") {
    const where = input.configuredIn ? ` in ${input.configuredIn}` : "";
    const r = lookUp(expand(configured, input), input);
    const reason = `rampart.path is set${where} to "${configured}": ${r.found ? `using ${r.path}` : "not found"}`;
    return r.found
      ? { path: r.path, found: true, source: "setting", reason, why: "" }
      : { path: r.path, found: false, source: "setting", reason, why: r.why };
  }

  const bundled = bundledExecutable(input.extensionPath, input.platform);
  if (isExecutable(bundled, input.platform)) {
    return {
      path: bundled,
      found: true,
      source: "bundled",
      reason: `rampart.path is not set: using the binary bundled with the extension, ${bundled}`,
      why: "",
    };
  }

  const r = lookUp("rampart", input);
  const missing = fs.existsSync(bundled)
    ? `${bundled} is not an executable file`
    : `this build of the extension bundles no binary (no ${bundled})`;
  const reason = `rampart.path is not set and ${missing}: ` + (r.found ? `using rampart from PATH, ${r.path}` : "looking for rampart on PATH");
  return r.found
    ? { path: r.path, found: true, source: "PATH", reason, why: "" }
    : { path: r.path, found: false, source: "PATH", reason, why: r.why };
}

/** `~` and `${workspaceFolder}`. */
function expand(p: string, input: ResolveInput): string {
  p = p.replace(/\$\{workspaceFolder\}/g, input.workspaceFolder ?? "");
  if (p === "~" || p.startsWith("~/") || p.startsWith("~\\")) {
    p = path.join(input.home, p.slice(1));
  }
  return p;
}

/** A path is resolved against the workspace folder; a bare name is searched on PATH. */
function lookUp(p: string, input: ResolveInput): { path: string; found: boolean; why: string } {
  const isBare = !p.includes("/") && !p.includes("\\");
  if (!isBare) {
    const abs = path.isAbsolute(p) ? p : path.resolve(input.workspaceFolder ?? input.cwd, p);
    return isExecutable(abs, input.platform)
      ? { path: abs, found: true, why: "" }
      : { path: abs, found: false, why: `"${abs}" (from rampart.path) is not an executable file` };
  }
  const sep = input.platform === "win32" ? ";" : ":";
  const dirs = input.envPath.split(sep).filter((d) => d.length > 0);
  const exts = input.platform === "win32" ? ["", ...(input.pathExt ?? ".EXE;.CMD;.BAT").split(";")] : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, p + ext);
      if (isExecutable(candidate, input.platform)) {
        return { path: candidate, found: true, why: "" };
      }
    }
  }
  return { path: p, found: false, why: `"${p}" was not found on PATH (${dirs.join(sep)})` };
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
