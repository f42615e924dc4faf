// jest reporter: writes reports/unit/counts.json with the number of tests and of assertions (the
// expect calls that passed, jest's numPassingAsserts), so a change to the suite's speed can show
// that no test and no assertion was lost (bench/test-bench.ts reads it).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class CountReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    let assertions = 0;
    const files = {};
    for (const file of results.testResults) {
      let fileAssertions = 0;
      for (const test of file.testResults) fileAssertions += test.numPassingAsserts ?? 0;
      assertions += fileAssertions;
      files[file.testFilePath.slice(this.rootDir.length + 1)] = { tests: file.testResults.length, assertions: fileAssertions };
    }
    const counts = { tests: results.numTotalTests, passed: results.numPassedTests, failed: results.numFailedTests, assertions, files };
    const dir = join(this.rootDir, 'reports', 'unit');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'counts.json'), `${JSON.stringify(counts, null, 2)}\n`);
  }
}
module.exports = CountReporter;
