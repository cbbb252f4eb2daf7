// VS Code client for cable-ls. Deliberately thin: it finds the server binary, starts it over
// stdio, forwards the `cable.*` settings and offers two commands. Every diagnostic, outline
// entry, hover, completion and folding range comes from the server; there is no analysis here.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

const SERVER_NAME = "cable-ls";
const TREE_SCHEME = "cable-syntax-tree";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let traceOutput: vscode.LogOutputChannel;
/** Serialises start/stop/restart so two quick restarts cannot start two servers. */
let lifecycle: Promise<void> = Promise.resolve();

/** Answer of `cable/syntaxTree` (README "Language server"). */
interface SyntaxTreeResult {
  version?: number | null;
  parsed?: boolean;
  tree: unknown;
}

/** Read-only virtual documents holding the syntax trees, keyed by the tree URI. */
class SyntaxTreeProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "(no syntax tree: run \"Cable: Show Syntax Tree\" again)";
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Cable Language Server", { log: true });
  traceOutput = vscode.window.createOutputChannel("Cable Language Server Trace", { log: true });
  const trees = new SyntaxTreeProvider();
  context.subscriptions.push(
    output,
    traceOutput,
    vscode.workspace.registerTextDocumentContentProvider(TREE_SCHEME, trees),
    vscode.commands.registerCommand("cable.restartServer", () => restart(context)),
    vscode.commands.registerCommand("cable.showSyntaxTree", () => showSyntaxTree(trees)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Severity changes need nothing here: the server registers for configuration changes
      // and reads the `cable` section itself (workspace/configuration).
      if (e.affectsConfiguration("cable.server.path")) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The `cable.severity` map as the user set it; the server checks the codes and levels. */
function severitySettings(): unknown {
  return vscode.workspace.getConfiguration("cable").get("severity") ?? {};
}

interface Candidate {
  where: string;
  file: string;
}

/** Expand `~` and `${workspaceFolder}`; a relative path is taken from the first workspace folder. */
function expandPath(raw: string): string {
  let p = raw.trim();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) {
    p = p.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (p === "~" || p.startsWith("~/")) {
    p = path.join(os.homedir(), p.slice(1));
  }
  if (!path.isAbsolute(p) && folder) {
    p = path.join(folder, p);
  }
  return p;
}

/** The places the server is looked for, in order (README of the extension, "Server"). */
function candidates(context: vscode.ExtensionContext): Candidate[] {
  const exe = process.platform === "win32" ? `${SERVER_NAME}.exe` : SERVER_NAME;
  const list: Candidate[] = [];
  const setting = vscode.workspace.getConfiguration("cable.server").get<string>("path") ?? "";
  if (setting.trim() !== "") {
    list.push({ where: "setting cable.server.path", file: expandPath(setting) });
  }
  const env = process.env.CABLE_LS_PATH ?? "";
  if (env.trim() !== "") {
    list.push({ where: "environment variable CABLE_LS_PATH", file: expandPath(env) });
  }
  list.push({ where: "bundled with the extension", file: context.asAbsolutePath(path.join("server", exe)) });
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir !== "") {
      list.push({ where: "PATH", file: path.join(dir, exe) });
    }
  }
  return list;
}

/** Runs `<file> --version`: the candidate works when that succeeds. Returns the version line. */
function probe(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (!fs.statSync(file).isFile()) {
        reject(new Error("not a file"));
        return;
      }
    } catch (e) {
      reject(new Error((e as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : "not executable"));
      return;
    }
    execFile(file, ["--version"], { timeout: 10000 }, (error, stdout) => {
      if (error) {
        reject(new Error(`\`--version\` failed: ${error.message.split("\n")[0]}`));
      } else {
        resolve(stdout.trim().split("\n")[0] ?? "");
      }
    });
  });
}

/** The first candidate that runs, or undefined after telling the user every place tried. */
async function findServer(context: vscode.ExtensionContext): Promise<string | undefined> {
  const tried: string[] = [];
  let pathTried = false;
  for (const c of candidates(context)) {
    try {
      const version = await probe(c.file);
      output.appendLine(`Using ${c.file} (${c.where}): ${version}`);
      if (tried.length > 0) {
        output.appendLine(`Skipped: ${tried.join("; ")}`);
        if (c.where !== "setting cable.server.path" && tried[0].startsWith("setting")) {
          void vscode.window.showWarningMessage(
            `Cable: cable.server.path does not work (${tried[0]}); using ${c.file} (${c.where}) instead.`,
          );
        }
      }
      return c.file;
    } catch (e) {
      if (c.where === "PATH") {
        // One line for all of PATH, not one per directory.
        if (!pathTried) {
          tried.push(`\`${SERVER_NAME}\` on PATH: not found`);
          pathTried = true;
        }
        continue;
      }
      tried.push(`${c.where} ${c.file}: ${(e as Error).message}`);
    }
  }
  const message =
    `Cable: cannot start the language server ${SERVER_NAME}. Tried: ${tried.join("; ")}. ` +
    `Install cable-ls (cargo install --path server) or set "cable.server.path".`;
  output.appendLine(message);
  void vscode.window.showErrorMessage(message, "Open Settings", "Show Log").then((choice) => {
    if (choice === "Open Settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", "cable.server.path");
    } else if (choice === "Show Log") {
      output.show();
    }
  });
  return undefined;
}

function start(context: vscode.ExtensionContext): Promise<void> {
  lifecycle = lifecycle.then(async () => {
    const command = await findServer(context);
    if (command === undefined) {
      return;
    }
    // Plain stdio without `transport`: then vscode-languageclient adds no `--stdio` flag
    // (cable-ls would accept it, but the bare command is what the README documents).
    const serverOptions: ServerOptions = {
      run: { command, args: [] },
      debug: { command, args: [], options: { env: { ...process.env, CABLE_LS_LOG: "debug" } } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "cable" },
        { scheme: "untitled", language: "cable" },
      ],
      // The first diagnostics already use the user's severities; later changes are pulled.
      initializationOptions: { severity: severitySettings() },
      outputChannel: output,
      traceOutputChannel: traceOutput,
    };
    // Client id "cable" makes vscode-languageclient honour the `cable.trace.server` setting.
    const c = new LanguageClient("cable", "Cable Language Server", serverOptions, clientOptions);
    client = c;
    try {
      await c.start();
    } catch (e) {
      client = undefined;
      const message = `Cable: the language server ${command} failed to start: ${(e as Error).message}`;
      output.appendLine(message);
      void vscode.window.showErrorMessage(message);
    }
  });
  return lifecycle;
}

function stop(): Promise<void> {
  lifecycle = lifecycle.then(async () => {
    const c = client;
    client = undefined;
    if (c !== undefined && c.state !== State.Stopped) {
      try {
        await c.stop(5000);
      } catch (e) {
        output.appendLine(`Stopping the server: ${(e as Error).message}`);
      }
    }
  });
  return lifecycle;
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  output.appendLine("Restarting the server");
  await stop();
  await start(context);
}

async function showSyntaxTree(trees: SyntaxTreeProvider): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== "cable") {
    void vscode.window.showInformationMessage("Cable: open a cable document first.");
    return;
  }
  if (client === undefined || !client.isRunning()) {
    void vscode.window.showErrorMessage("Cable: the language server is not running (see \"Cable: Restart Server\").");
    return;
  }
  const doc = editor.document;
  let result: SyntaxTreeResult;
  try {
    result = await client.sendRequest<SyntaxTreeResult>("cable/syntaxTree", {
      textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) },
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`Cable: cable/syntaxTree failed: ${(e as Error).message}`);
    return;
  }
  const tree = typeof result.tree === "string" ? result.tree : JSON.stringify(result.tree, null, 2);
  const header =
    `# cable-ls syntax tree of ${doc.uri.toString(true)}\n` +
    `# version ${result.version ?? "?"}${result.parsed === false ? " (parse still running)" : ""}\n\n`;
  const name = path.basename(doc.uri.path) || "untitled";
  const uri = vscode.Uri.from({
    scheme: TREE_SCHEME,
    path: `/${name}.tree`,
    query: doc.uri.toString(),
  });
  trees.set(uri, header + tree);
  const treeDoc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(treeDoc, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
}
