/** jest runs TypeScript through swc: no type-checking here, `npm run typecheck` does that. */
const path = require('node:path');

module.exports = {
  // node's, without aws-cdk-lib's CloudFormation validation where no test can observe it (see the
  // file); an absolute path, because Stryker's jest runner loads the environment without expanding
  // <rootDir>
  testEnvironment: path.join(__dirname, 'test', 'helpers', 'test-environment.cjs'),
  // CodeBuild's small instance and the Synth step: 2 workers beside the other checks of
  // ci:checks; a worker whose heap outgrows 400 MB after a test file is replaced, so the whole
  // process tree stays under 2 GB (bench/test-bench.ts measures it: peak 1837 MiB at 400 MB,
  // 2059 MiB at 512 MB, 2577 MiB at 768 MB, with the CloudFormation validation engine shared;
  // the test environment collects a heap above 200 MB first, so live memory decides, not garbage)
  maxWorkers: 2,
  workerIdleMemoryLimit: '400MB',
  // The source folders are roots too, although they hold no tests: `jest --findRelatedTests` (and
  // Stryker, which uses it to pick the tests of a mutated file) walks imports only through files
  // under a root, so without them it missed tests that reach a module through a command.
  roots: ['<rootDir>/test', '<rootDir>/containers', '<rootDir>/bin', '<rootDir>/cli', '<rootDir>/compliance', '<rootDir>/config', '<rootDir>/pipeline', '<rootDir>/stages'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // aws-cdk-lib's CloudFormation validation engine, built once per worker instead of once per test
  // file (test/helpers/shared-cfn-validate.cjs says why and how)
  moduleNameMapper: { '^@aws/cloudformation-validate$': '<rootDir>/test/helpers/shared-cfn-validate.cjs' },
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/helpers/jest-env.cjs'],
  reporters: [
    'default',
    ['jest-junit', { outputDirectory: 'reports/unit', outputName: 'junit.xml', addFileAttribute: 'true' }],
    '<rootDir>/test/helpers/summary-reporter.cjs',
    '<rootDir>/test/helpers/count-reporter.cjs',
  ],
};
