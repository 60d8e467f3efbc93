'use strict';
// Tokenizes with the engine VS Code itself uses (vscode-textmate on the Oniguruma WASM build), so that the
// grammar is checked under Oniguruma's rules too; TextMateGrammarTest (dsl module) checks it against every
// keyword of the Xtext grammar with java.util.regex. Both must agree on the lines below.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const oniguruma = require('vscode-oniguruma');
const textmate = require('vscode-textmate');

const extension = path.resolve(__dirname, '..');
const repository = path.resolve(extension, '..', '..');
const grammarFile = path.join(repository, 'editors', 'textmate', 'bms.tmLanguage.json');

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(extension, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: patterns => new oniguruma.OnigScanner(patterns),
      createOnigString: text => new oniguruma.OnigString(text),
    }),
    loadGrammar: async scopeName => scopeName === 'source.bms'
      ? textmate.parseRawGrammar(fs.readFileSync(grammarFile, 'utf8'), grammarFile)
      : null,
  });
  return registry.loadGrammar('source.bms');
}

/** Tokens of each line: { text, scope } with the innermost scope, 'source.bms' alone meaning plain text. */
function tokenize(grammar, lines) {
  let state = textmate.INITIAL;
  return lines.map(line => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map(t => ({
      start: t.startIndex,
      text: line.substring(t.startIndex, t.endIndex),
      scope: t.scopes[t.scopes.length - 1],
    }));
  });
}

const expectations = [
  ['\t\tcell overvoltage above 4.20 V for 2 s by afe // "quoted" 4.25 V', [
    ['cell', 'storage.type.bms'], ['overvoltage', 'constant.language.protection.bms'],
    ['above', 'keyword.operator.comparison.bms'], ['4.20', 'constant.numeric.decimal.bms'],
    ['V', 'keyword.other.unit.bms'], ['for', 'keyword.control.bms'], ['afe', 'storage.type.bms'],
    ['// "quoted" 4.25 V', 'comment.line.double-slash.bms']]],
  ['\tsecret "no // comment \\" here" // but here', [
    ['no // comment ', 'string.quoted.double.bms'], ['\\"', 'constant.character.escape.bms'],
    ['// but here', 'comment.line.double-slash.bms']]],
  ['discharge undertemperature below -20 degC', [
    ['-20', 'constant.numeric.decimal.bms'], ['degC', 'keyword.other.unit.bms']]],
  ['cells 4S3P NCR18650PF', [['4S3P', 'constant.numeric.topology.bms'], ['NCR18650PF', 'variable.other.bms']]],
  ['address 0x08', [['0x08', 'constant.numeric.hex.bms']]],
  ['process noise 1e-6', [['1e-6', 'constant.numeric.decimal.bms']]],
  ['nominal 500 kbit/s', [['kbit/s', 'keyword.other.unit.bms']]],
  ['0 %: 2.499 V, 1 %: 2.940 V', [['%', 'keyword.other.unit.bms'], [':', 'punctuation.separator.key-value.bms']]],
  ['max 2 cells', [['cells', 'keyword.other.bms']]],
  ['model 2RC', [['2RC', 'constant.language.bms']]],
  ['signal cell4 0|16 unsigned', [['cell4', 'variable.other.member.signal.bms'],
    ['|', 'punctuation.separator.bits.bms'], ['unsigned', 'constant.language.bms']]],
  ['pack Smart4S extends Base {', [['Smart4S', 'entity.name.type.bms'], ['extends', 'storage.modifier.extends.bms']]],
  ['\tstate Charging {', [['Charging', 'entity.name.function.state.bms']]],
  ['on clear-faults when not fault-active -> Standby', [
    ['clear-faults', 'constant.language.bms'], ['not', 'keyword.operator.logical.bms'],
    ['fault-active', 'constant.language.bms'], ['->', 'keyword.operator.transition.bms'],
    ['Standby', 'entity.name.function.state.bms']]],
  ['afe BQ76920 {', [['BQ76920', 'support.class.part.bms']]],
  ['thermistor TS1 NTC 10 kOhm beta 3435', [['TS1', 'support.constant.thermistor.bms'], ['kOhm', 'keyword.other.unit.bms']]],
  ['cellular', [['cellular', 'variable.other.bms']]],
  ['^state', [['^state', 'variable.other.bms']]],
];

(async () => {
  const grammar = await loadGrammar();
  let checks = 0;
  for (const [line, wanted] of expectations) {
    const tokens = tokenize(grammar, [line])[0];
    for (const [text, scope] of wanted) {
      const token = tokens.find(t => t.text === text);
      assert.ok(token, `no token '${text}' in '${line}': ${tokens.map(t => `'${t.text}'`).join(' ')}`);
      assert.strictEqual(token.scope, scope, `'${text}' in '${line}'`);
      checks++;
    }
  }
  const block = tokenize(grammar, ['pack P { /* the pack', 'cell overvoltage above 9 V', 'still */ mcu STM32G431 {']);
  assert.deepStrictEqual(block[1].map(t => t.scope), ['comment.block.bms'], 'a block comment spans lines');
  assert.strictEqual(block[2].find(t => t.text === 'mcu').scope, 'storage.type.bms', 'and ends');
  checks++;

  // every keyword of the Xtext grammar (quoted strings outside terminal rules), as TextMateGrammarTest does
  const xtext = fs.readFileSync(path.join(repository, 'dsl', 'src', 'main', 'java', 'org', 'bmsgen', 'dsl', 'Bms.xtext'),
    'utf8').replace(/\/\/.*$/gm, '');
  const rules = xtext.split(/;\s*\n/).filter(rule => !/^\s*terminal\s/m.test(rule));
  const quoted = rule => [...rule.matchAll(/'([^']+)'/g)].map(m => m[1]);
  // an enum literal without '=' is its own keyword (enum Chemistry: NMC | NCA ...)
  const literals = rule => rule.replace(/^[\s\S]*?:/, '').split('|').map(a => a.trim())
    .map(a => (a.includes('=') ? quoted(a)[0] : a));
  const enumRules = rules.filter(rule => /^\s*enum\s/m.test(rule));
  const keywords = new Set([...rules.filter(rule => !enumRules.includes(rule)).flatMap(quoted),
    ...enumRules.flatMap(literals)]);
  const units = new Set(literals(enumRules.find(rule => /^\s*enum Unit\s*:/m.test(rule))));
  assert.ok(['NMC', 'above', 'off', 'r0', 'BQ76920', 'TS1', 'wake', 'short-circuit', 'Mbit/s'].every(k => keywords.has(k)),
    'enum literals read');
  assert.ok(keywords.size > 200 && units.size > 30 && keywords.has('statemachine'), `keywords read: ${keywords.size}`);
  const notColouredOnTheirOwn = new Set(['-']); // the sign of a number: part of its constant.numeric token
  const problems = [];
  for (const keyword of keywords) {
    if (notColouredOnTheirOwn.has(keyword)) continue;
    if (units.has(keyword)) {
      const token = tokenize(grammar, [`1 ${keyword}`])[0].find(t => t.start === 2);
      if (!token || token.text !== keyword || token.scope !== 'keyword.other.unit.bms') problems.push(`unit ${keyword}`);
      continue;
    }
    const token = tokenize(grammar, [keyword])[0][0];
    if (token.text !== keyword || token.scope === 'source.bms' || token.scope === 'variable.other.bms') {
      problems.push(`${keyword} -> '${token.text}' ${token.scope}`);
    }
    if (/[A-Za-z0-9]/.test(keyword)) {
      const longer = tokenize(grammar, [`${keyword}_x`])[0][0];
      if (longer.text === keyword) problems.push(`${keyword} coloured inside ${keyword}_x`);
    }
  }
  assert.deepStrictEqual(problems, [], 'every keyword of Bms.xtext is coloured as a whole word');
  checks += keywords.size;

  const models = [];
  const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).forEach(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (entry.name.endsWith('.bms')) models.push(file);
  });
  walk(path.join(repository, 'models'));
  assert.ok(models.length >= 3, 'models/ found');
  const plain = [];
  for (const model of models) {
    const lines = fs.readFileSync(model, 'utf8').split(/\r?\n/);
    tokenize(grammar, lines).forEach((tokens, i) => tokens
      .filter(t => t.scope === 'source.bms' && t.text.trim() !== '')
      .forEach(t => plain.push(`${path.relative(repository, model)}:${i + 1} '${t.text}'`)));
  }
  assert.deepStrictEqual(plain, [], 'every character of models/ is scoped');
  console.log(`grammar test (vscode-textmate + Oniguruma): ${checks} checks (${keywords.size} keywords), `
    + `${models.length} models: ok`);
})().catch(error => {
  console.error(`grammar test FAILED: ${error.message}`);
  process.exit(1);
});
