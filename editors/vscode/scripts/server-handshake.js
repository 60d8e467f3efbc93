'use strict';
// Starts the language server exactly as the extension does (java, the JVM options of server-command.js,
// -jar server/bmsgen.jar lsp) and speaks LSP to
// it over stdio: initialize, initialized, open the reference model, wait for its diagnostics, shutdown, exit.
// Proves the packaged jar is a working server for this extension, without VS Code.
// Usage: node scripts/server-handshake.js [command and arguments that start the server]
const assert = require('assert');
const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { serverArguments } = require('../server-command');

const extension = path.resolve(__dirname, '..');
const repository = path.resolve(extension, '..', '..');
const command = process.argv.length > 2
  ? process.argv.slice(2)
  : ['java', ...serverArguments(path.join(extension, 'server', 'bmsgen.jar'))];
const model = path.join(repository, 'models', 'smart4s.bms');
const TIMEOUT_MS = 60000;

const server = childProcess.spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
server.stderr.on('data', data => { stderr += data; });

let buffer = Buffer.alloc(0);
const waiting = [];
server.stdout.on('data', data => {
  buffer = Buffer.concat([buffer, data]);
  for (;;) {
    const headerEnd = buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const header = buffer.subarray(0, headerEnd).toString('ascii');
    const match = /Content-Length: (\d+)/i.exec(header);
    if (!match) fail(`not an LSP header on stdout (does the server print to stdout?): ${header.slice(0, 200)}`);
    const length = Number(match[1]);
    if (buffer.length < headerEnd + 4 + length) return;
    const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
    buffer = buffer.subarray(headerEnd + 4 + length);
    for (const w of [...waiting]) {
      if (w.test(message)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(message); }
    }
  }
});
server.on('exit', code => { if (!finished) fail(`the server exited with ${code} before the handshake ended`); });

let finished = false;
function fail(why) {
  console.error(`server handshake FAILED: ${why}\ncommand: ${command.join(' ')}\nstderr:\n${stderr.slice(-4000)}`);
  process.exit(1);
}
const timer = setTimeout(() => fail(`no answer within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}
function expect(test) {
  return new Promise(resolve => waiting.push({ test, resolve }));
}
let nextId = 1;
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return expect(m => m.id === id && !m.method);
}

(async () => {
  const started = Date.now();
  // the folder a user opens: the reference model and the cells it imports
  const root = pathToFileURL(path.dirname(model)).toString();
  const initialize = await request('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'models' }],
    capabilities: { textDocument: { publishDiagnostics: {}, completion: {}, hover: {}, formatting: {} } },
  });
  assert.ok(!initialize.error, `initialize failed: ${JSON.stringify(initialize.error)}`);
  const capabilities = initialize.result.capabilities;
  assert.ok(capabilities.textDocumentSync !== undefined, 'the server synchronises documents');
  console.log(`initialize answered in ${Date.now() - started} ms; capabilities: ${Object.keys(capabilities).join(', ')}`);
  send({ method: 'initialized', params: {} });
  const uri = pathToFileURL(model).toString();
  const diagnostics = expect(m => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
  send({
    method: 'textDocument/didOpen',
    params: { textDocument: { uri, languageId: 'bms', version: 1, text: fs.readFileSync(model, 'utf8') } },
  });
  const published = await diagnostics;
  const errors = published.params.diagnostics.filter(d => d.severity === 1);
  assert.deepStrictEqual(errors, [], 'the reference model has no errors');
  console.log(`diagnostics of models/smart4s.bms after ${Date.now() - started} ms: `
    + `${published.params.diagnostics.length} (no errors)`);
  const shutdown = await request('shutdown', null);
  assert.ok(!shutdown.error, 'shutdown');
  finished = true;
  send({ method: 'exit' });
  clearTimeout(timer);
  server.stdin.end();
  console.log('server handshake: ok');
})().catch(error => fail(error.message));
