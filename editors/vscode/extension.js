'use strict';
// Starts the bmsgen language server for .bms files: `java <fast-start options> -jar server/bmsgen.jar lsp`, over
// stdin/stdout (server-command.js).
// The server is the same Xtext language the CLI checks with, so the editor reports what `bmsgen check` reports.
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverArguments } = require('./server-command');

/** @type {LanguageClient | undefined} */
let client;

/** The java launcher: bmsgen.java.home, else JAVA_HOME, else java on the PATH. */
function javaExecutable(config) {
  const home = config.get('java.home') || process.env.JAVA_HOME;
  const launcher = process.platform === 'win32' ? 'java.exe' : 'java';
  return home ? path.join(home, 'bin', launcher) : launcher;
}

/** The server jar: bmsgen.server.jar, else the one packaged with the extension. */
function serverJar(context, config) {
  return config.get('server.jar') || context.asAbsolutePath(path.join('server', 'bmsgen.jar'));
}

function createClient(context) {
  const config = vscode.workspace.getConfiguration('bmsgen');
  const java = javaExecutable(config);
  const jar = serverJar(context, config);
  if (!fs.existsSync(jar)) {
    throw new Error(`the language server jar ${jar} does not exist (setting bmsgen.server.jar)`);
  }
  if (path.isAbsolute(java) && !fs.existsSync(java)) {
    throw new Error(`no java at ${java} (setting bmsgen.java.home, or JAVA_HOME)`);
  }
  const executable = { command: java, args: serverArguments(jar, config.get('server.vmargs', [])) };
  return new LanguageClient(
    'bmsgen',
    'bmsgen language server',
    { run: executable, debug: executable },
    {
      documentSelector: [{ scheme: 'file', language: 'bms' }],
      // imported files change on disk too (git checkout, bmsgen format): the server re-reads them
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.bms') },
      outputChannelName: 'bmsgen',
    });
}

async function start(context) {
  try {
    client = createClient(context);
    await client.start();
  } catch (error) {
    client = undefined;
    const message = error && error.message ? error.message : String(error);
    vscode.window.showErrorMessage(
      `bmsgen: the language server did not start: ${message}. It needs Java 17 or newer; `
      + 'set bmsgen.java.home if java is not on the PATH.');
  }
}

async function restart(context) {
  if (client) {
    const running = client;
    client = undefined;
    try {
      await running.stop();
    } catch (ignored) {
      // a server that died already cannot be stopped; start a new one anyway
    }
  }
  await start(context);
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('bmsgen.restartServer', () => restart(context)),
    vscode.workspace.onDidChangeConfiguration(event => {
      if (event.affectsConfiguration('bmsgen.java.home') || event.affectsConfiguration('bmsgen.server')) {
        restart(context);
      }
    }));
  await start(context);
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
