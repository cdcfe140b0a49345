// The asklint extension: runs `asklint server` (asklint's language server, over stdio) for the
// skill package's JSON files, ask-resources.json and the SMAPI payloads the asklint.extraGlobs
// setting names. Diagnostics, quick fixes, hover and completion all come from the server.
import * as os from "node:os";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { documentSelector, findAsklint, SERVER_ARGS } from "./executable";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("asklint");
  const folders = (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === "file")
    .map((folder) => folder.uri.fsPath);
  const found = findAsklint({
    setting: config.get<string>("path", ""),
    folders,
    envPath: process.env.PATH,
    platform: process.platform,
    pathExt: process.env.PATHEXT,
    home: os.homedir(),
  });
  if ("error" in found) {
    output?.appendLine(`asklint: ${found.error}`);
    void vscode.window.showErrorMessage(`asklint: ${found.error}`);
    return;
  }
  output?.appendLine(`asklint: running ${found.command} server (from ${found.source})`);
  const serverOptions: ServerOptions = {
    command: found.command,
    args: SERVER_ARGS,
    transport: TransportKind.stdio,
    options: folders.length > 0 ? { cwd: folders[0] } : undefined,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(config.get<string[]>("extraGlobs", [])),
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/asklint.toml"),
    },
  };
  client = new LanguageClient("asklint", "asklint", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
    running.dispose();
  }
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("asklint");
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("asklint.restartServer", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("asklint.path") || event.affectsConfiguration("asklint.extraGlobs")) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client !== undefined) {
    await client.stop();
  }
}
