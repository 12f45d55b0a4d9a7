// The rampart extension: starts `rampart lsp` over stdio and hands VS Code to
// it. Everything rampart knows (diagnostics, hovers, quick fixes) comes from
// the server; this file only finds the executable, keeps the server running,
// and reports clearly when it cannot.

import * as os from "os";
import * as vscode from "vscode";
import {
  CloseAction,
  CloseHandlerResult,
  DocumentSelector,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import { Resolution, resolveExecutable } from "./resolve";

const CLIENT_ID = "rampart";
const CLIENT_NAME = "rampart";

/** At most this many automatic restarts ... */
const MAX_RESTARTS = 5;
/** ... within this window; older crashes are forgotten. */
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Terraform files by language id (any extension may contribute it) and by name. */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: "file", language: "terraform" },
  { scheme: "untitled", language: "terraform" },
  { scheme: "file", pattern: "**/*.tf" },
  { scheme: "file", pattern: "**/*.tfvars" },
  { scheme: "file", pattern: "**/*.tf.json" },
  { scheme: "file", pattern: "**/*.tfvars.json" },
];

let client: LanguageClient | undefined;
/** Where the extension is installed: the bundled binary lives under it. */
let extensionPath = "";
let output: vscode.OutputChannel;
let status: vscode.LanguageStatusItem;
/** Set while we stop the client on purpose, so its close is not a crash. */
let stopping = false;
/** One "could not start" notification until the server runs or the user restarts it. */
let startFailureShown = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel(CLIENT_NAME);
  status = vscode.languages.createLanguageStatusItem("rampart.status", DOCUMENT_SELECTOR);
  status.name = "rampart";
  status.command = { title: "Show output", command: "rampart.showOutput" };
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand("rampart.restartServer", async () => {
      output.appendLine("[client] restart requested");
      startFailureShown = false;
      await restart();
    }),
    vscode.commands.registerCommand("rampart.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("rampart.path") || e.affectsConfiguration("rampart.args")) {
        output.appendLine("[client] rampart.path or rampart.args changed: restarting");
        await restart();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.appendLine("[client] workspace trusted: restarting with workspace settings");
      await restart();
    }),
  );

  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const command = findExecutable();
  const args = vscode.workspace.getConfiguration("rampart").get<string[]>("args", ["lsp"]);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const cwd = folder?.scheme === "file" ? folder.fsPath : undefined;
  output.appendLine(`[client] ${command.reason}`);
  output.appendLine(`[client] starting ${command.path} ${args.join(" ")}${cwd ? ` (in ${cwd})` : ""}`);
  if (!command.found) {
    output.appendLine(`[client] warning: ${command.why}`);
  }

  const serverOptions: ServerOptions = {
    command: command.path,
    args,
    options: { cwd, env: process.env },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: {
      // Values reach a resource from other files (tfvars, modules, the config),
      // so the server hears about changes to files that are not open.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/*.{tf,tfvars,tf.json,tfvars.json}"),
        vscode.workspace.createFileSystemWatcher("**/{rampart,.rampart}.toml"),
        vscode.workspace.createFileSystemWatcher("**/.terraform/modules/modules.json"),
      ],
    },
    errorHandler: new RestartingErrorHandler(),
    // Logged only: a failed start is reported once by start(), and a crash
    // loop by the error handler's closed().
    initializationFailedHandler: (error) => {
      output.appendLine(`[client] initialize failed: ${describe(error)}`);
      return false;
    },
  };

  const c = new RampartClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    switch (e.newState) {
      case State.Running:
        setStatus("running", vscode.LanguageStatusSeverity.Information);
        break;
      case State.Starting:
        setStatus("starting", vscode.LanguageStatusSeverity.Information);
        break;
      case State.Stopped:
        setStatus("stopped", stopping ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Warning);
        break;
    }
  });
  client = c;
  try {
    await c.start();
    startFailureShown = false;
    const info = c.initializeResult?.serverInfo;
    output.appendLine(`[client] server running${info ? `: ${info.name} ${info.version ?? ""}` : ""}`);
  } catch (err) {
    output.appendLine(`[client] could not start the server: ${describe(err)}`);
    setStatus("not running", vscode.LanguageStatusSeverity.Error);
    void reportStartFailure(command.found ? describe(err) : command.why);
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) {
    return;
  }
  stopping = true;
  try {
    if (c.state !== State.Stopped) {
      await c.stop(5000);
    }
  } catch (err) {
    output.appendLine(`[client] error while stopping the server: ${describe(err)}`);
  } finally {
    stopping = false;
    await c.dispose().catch(() => undefined);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

function setStatus(text: string, severity: vscode.LanguageStatusSeverity): void {
  status.text = `rampart: ${text}`;
  status.severity = severity;
}

class RampartClient extends LanguageClient {
  /**
   * A failed start is logged here and reported once, with what to do, by
   * reportStartFailure; the client's own "couldn't create connection" toast
   * (one per restart attempt) would only repeat it.
   */
  override error(message: string, data?: unknown, showNotification?: boolean | "force"): void {
    const startFailure = message.endsWith("couldn't create connection to server.");
    super.error(message, data, startFailure ? false : showNotification);
  }
}

/**
 * The language client's default policy (restart 4 times in 3 minutes) with
 * our own limits and a message that offers a manual restart once they run out.
 */
class RestartingErrorHandler implements ErrorHandler {
  private readonly crashes: number[] = [];

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    output.appendLine(`[client] connection error: ${describe(error)}`);
    // Writing to a dead server fails several times in a row; give up on the
    // connection only when errors keep coming, and let closed() decide about restarts.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    if (stopping) {
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > RESTART_WINDOW_MS) {
      this.crashes.shift();
    }
    if (this.crashes.length <= MAX_RESTARTS) {
      output.appendLine(`[client] the server stopped unexpectedly; restarting (${this.crashes.length}/${MAX_RESTARTS} in the last 3 minutes)`);
      return { action: CloseAction.Restart, handled: true };
    }
    output.appendLine("[client] the server keeps stopping; not restarting it again");
    void vscode.window
      .showErrorMessage(
        `The rampart server stopped ${this.crashes.length} times in 3 minutes and will not be restarted automatically. See the "rampart" output.`,
        "Restart server",
        "Show output",
      )
      .then((choice) => {
        if (choice === "Restart server") {
          void vscode.commands.executeCommand("rampart.restartServer");
        } else if (choice === "Show output") {
          output.show(true);
        }
      });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

async function reportStartFailure(detail: string): Promise<void> {
  if (startFailureShown) {
    return;
  }
  startFailureShown = true;
  const choice = await vscode.window.showErrorMessage(
    `rampart: could not start the language server: ${detail}. Install rampart (\`pipx install rampart-linter\`) or set "rampart.path".`,
    "Open settings",
    "Show output",
    "Retry",
  );
  if (choice === "Open settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", "rampart.path");
  } else if (choice === "Show output") {
    output.show(true);
  } else if (choice === "Retry") {
    startFailureShown = false;
    await restart();
  }
}

/**
 * The executable to start (src/resolve.ts decides): `rampart.path` if the
 * user set it, else the bundled binary, else `rampart` on PATH.
 */
function findExecutable(): Resolution {
  const config = vscode.workspace.getConfiguration("rampart");
  // get() already leaves out workspace values in an untrusted workspace
  // (restrictedConfigurations); inspect() only says where the value came from.
  const configured = config.get<string>("path", "");
  const info = config.inspect<string>("path");
  const levels: [string, string | undefined][] = [
    ["the workspace folder settings", info?.workspaceFolderValue],
    ["the workspace settings", info?.workspaceValue],
    ["the user settings", info?.globalValue],
  ];
  const configuredIn = levels.find(([, v]) => v !== undefined && v === configured)?.[0];
  if (!vscode.workspace.isTrusted) {
    const ignored = levels.slice(0, 2).filter(([, v]) => v !== undefined && v !== configured);
    for (const [where, v] of ignored) {
      output.appendLine(`[client] the workspace is not trusted: ignoring rampart.path "${v}" from ${where}`);
    }
  }
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
  return resolveExecutable({
    configured,
    configuredIn,
    workspaceFolder: folder,
    extensionPath,
    envPath: process.env.PATH ?? "",
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    home: os.homedir(),
    cwd: process.cwd(),
  });
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    return err.message;
  }
  if (typeof err === "object" && err !== null && "message" in err) {
    return String((err as { message: unknown }).message);
  }
  return String(err);
}
