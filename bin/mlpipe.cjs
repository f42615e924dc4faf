#!/usr/bin/env node
// the `mlpipe` command: runs the TypeScript CLI through tsx's CommonJS loader.
// A reader that closes the pipe early (`mlpipe history | head -3`) ends the command quietly, with
// the status a shell gives a process killed by SIGPIPE (128 + 13), as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(141);
    throw err;
  });
}
require('tsx/cjs');
const { main } = require('../cli/main.ts');
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`mlpipe: unexpected error: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 70; },
);
