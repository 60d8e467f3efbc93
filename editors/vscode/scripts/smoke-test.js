'use strict';
// Checks the extension's parts fit together before it is packaged (no VS Code needed): the manifest's
// language, grammar and configuration files exist and parse, the grammar is the .bms one, every setting the
// extension reads is declared, the server jar is a jar, and extension.js is valid JavaScript.
const assert = require('assert');
const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');

const extension = path.resolve(__dirname, '..');
const read = file => fs.readFileSync(path.join(extension, file), 'utf8');
const json = file => JSON.parse(read(file));
let checks = 0;
function check(what, test) {
  test();
  checks++;
  console.log(`ok ${checks} ${what}`);
}

const manifest = json('package.json');

check('the language bms is contributed for *.bms with its configuration', () => {
  const language = manifest.contributes.languages.find(l => l.id === 'bms');
  assert.ok(language, 'no language bms');
  assert.deepStrictEqual(language.extensions, ['.bms']);
  const configuration = json(language.configuration);
  assert.strictEqual(configuration.comments.lineComment, '//');
  assert.deepStrictEqual(configuration.comments.blockComment, ['/*', '*/']);
  assert.ok(configuration.brackets.some(pair => pair[0] === '{' && pair[1] === '}'), 'braces are brackets');
  assert.ok(new RegExp(configuration.folding.markers.start).test('  // region protections'), 'folding marker');
  const word = new RegExp(`^(?:${configuration.wordPattern})$`);
  for (const w of ['clear-faults', '4S3P', '-20', '1e-6', 'NCR18650PF', '^state']) {
    assert.ok(word.test(w), `${w} is one word`);
  }
});

check('the grammar contributed is the .bms TextMate grammar, copied from editors/textmate', () => {
  const contribution = manifest.contributes.grammars.find(g => g.language === 'bms');
  assert.ok(contribution, 'no grammar for bms');
  const grammar = json(contribution.path);
  assert.strictEqual(grammar.scopeName, contribution.scopeName);
  assert.strictEqual(grammar.scopeName, 'source.bms');
  const source = fs.readFileSync(path.join(extension, '..', 'textmate', 'bms.tmLanguage.json'), 'utf8');
  assert.strictEqual(read(contribution.path), source, 'the packaged grammar is a stale copy: run prepare-package');
  // every pattern is a valid JavaScript regular expression too, not only Oniguruma and Java (TextMateGrammarTest)
  const patterns = [];
  const collect = node => {
    if (Array.isArray(node)) { node.forEach(collect); return; }
    if (node && typeof node === 'object') {
      for (const key of ['match', 'begin', 'end']) { if (typeof node[key] === 'string') patterns.push(node[key]); }
      Object.values(node).forEach(collect);
    }
  };
  collect(grammar);
  assert.ok(patterns.length > 20, 'patterns found');
  patterns.forEach(p => new RegExp(p));
});

check('every bmsgen setting extension.js reads is declared, and none is declared unread', () => {
  const code = read(manifest.main);
  const read_ = new Set([...code.matchAll(/config\.get\('([^']+)'/g)].map(m => `bmsgen.${m[1]}`));
  const declared = Object.keys(manifest.contributes.configuration.properties);
  for (const key of read_) assert.ok(declared.includes(key), `${key} is read but not declared`);
  for (const key of declared) {
    // the client reads <id>.trace.server itself
    assert.ok(read_.has(key) || key === 'bmsgen.trace.server', `${key} is declared but never read`);
  }
  for (const command of manifest.contributes.commands) {
    assert.ok(code.includes(`'${command.command}'`), `${command.command} is not registered`);
  }
});

check('extension.js is valid JavaScript and starts `java <fast-start options> <vmargs> -jar <jar> lsp`', () => {
  childProcess.execFileSync(process.execPath, ['--check', path.join(extension, manifest.main)]);
  childProcess.execFileSync(process.execPath, ['--check', path.join(extension, 'server-command.js')]);
  const code = read(manifest.main);
  assert.ok(/serverArguments\(jar, config\.get\('server\.vmargs', \[\]\)\)/.test(code), 'the server command line');
  const { serverArguments } = require(path.join(extension, 'server-command.js'));
  // the options of ./bmsgen lsp and bmsgen lsp --print-eclipse-setup; the user's own come after them and win
  assert.deepStrictEqual(serverArguments('/x/bmsgen.jar', ['-Xmx1g']),
    ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx1g', '-jar', '/x/bmsgen.jar', 'lsp']);
  assert.ok(!/transport:/.test(code), 'stdio without a --stdio argument: the client adds one when transport is set');
  assert.ok(fs.existsSync(path.join(extension, 'node_modules', 'vscode-languageclient', 'node.js')),
    'vscode-languageclient/node resolves');
});

check('the server jar is packaged and is a jar', () => {
  const jar = path.join(extension, 'server', 'bmsgen.jar');
  assert.ok(fs.existsSync(jar), 'server/bmsgen.jar missing: run scripts/prepare-package.js');
  const header = Buffer.alloc(4);
  const fd = fs.openSync(jar, 'r');
  fs.readSync(fd, header, 0, 4, 0);
  fs.closeSync(fd);
  assert.strictEqual(header.toString('latin1'), 'PK\u0003\u0004', 'a zip file');
  assert.ok(fs.statSync(jar).size > 1048576, 'the shaded jar, not the thin one');
});

console.log(`smoke test: ${checks} checks passed`);
