#!/usr/bin/env node
// the `mlpipe` command: runs the TypeScript CLI through tsx's CommonJS loader.
require('tsx/cjs');
const { main } = require('../cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`mlpipe: unexpected error: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 70; },
);
