'use strict';
// How the language server is started, shared by the extension and scripts/server-handshake.js (which must start
// it exactly as the extension does). No dependency on the vscode module, so node can run it without VS Code.

/**
 * JVM options of every editor's server launch: the same as `./bmsgen lsp` and `bmsgen lsp --print-eclipse-setup`
 * (EclipseSetup.SERVER_JVM_OPTIONS). An editor starts the server cold and then sends small edits: C1 alone and
 * the serial collector roughly halve the CPU time of the cold start (benchmarks/README.md, "Language server
 * latency"). EclipseSetupTest checks that this list and the Java one agree.
 */
const SERVER_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** The arguments after the java executable: the fast-start options, the user's own (which win), the jar. */
function serverArguments(jar, userOptions = []) {
  return [...SERVER_JVM_OPTIONS, ...userOptions, '-jar', jar, 'lsp'];
}

module.exports = { SERVER_JVM_OPTIONS, serverArguments };
