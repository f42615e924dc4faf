/** jest runs TypeScript through swc: no type-checking here, `npm run typecheck` does that. */
module.exports = {
  testEnvironment: 'node',
  // The source folders are roots too, although they hold no tests: `jest --findRelatedTests` (and
  // Stryker, which uses it to pick the tests of a mutated file) walks imports only through files
  // under a root, so without them it missed tests that reach a module through a command.
  roots: ['<rootDir>/test', '<rootDir>/containers', '<rootDir>/bin', '<rootDir>/cli', '<rootDir>/compliance', '<rootDir>/config', '<rootDir>/pipeline', '<rootDir>/stages'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/helpers/jest-env.cjs'],
  reporters: [
    'default',
    ['jest-junit', { outputDirectory: 'reports/unit', outputName: 'junit.xml', addFileAttribute: 'true' }],
    '<rootDir>/test/helpers/summary-reporter.cjs',
    '<rootDir>/test/helpers/count-reporter.cjs',
  ],
};
