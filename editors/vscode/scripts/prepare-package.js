'use strict';
// Copies what the .vsix carries but the repository keeps elsewhere, so that nothing is committed twice:
// the TextMate grammar (editors/textmate/, also used by Eclipse TM4E) and the language server, which is the
// bmsgen CLI jar (cli/target/bmsgen.jar, built by `mvn -B verify` or `mvn -B -pl cli -am package`).
// BMSGEN_JAR=/path/to/bmsgen.jar packages another build of the jar.
const fs = require('fs');
const path = require('path');

const extension = path.resolve(__dirname, '..');
const repository = path.resolve(extension, '..', '..');

function copy(from, to, what, hint) {
  if (!fs.existsSync(from)) {
    console.error(`prepare-package: ${what} not found at ${from}. ${hint}`);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  const size = fs.statSync(to).size;
  console.log(`prepare-package: ${path.relative(extension, to)} <- ${from} (${(size / 1048576).toFixed(1)} MiB)`);
}

copy(path.join(repository, 'editors', 'textmate', 'bms.tmLanguage.json'),
  path.join(extension, 'syntaxes', 'bms.tmLanguage.json'),
  'the TextMate grammar', 'Is this a bmsgen checkout?');
copy(process.env.BMSGEN_JAR || path.join(repository, 'cli', 'target', 'bmsgen.jar'),
  path.join(extension, 'server', 'bmsgen.jar'),
  'the language server jar', 'Build it first: mvn -B -pl cli -am package (or mvn -B verify).');
