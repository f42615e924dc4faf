/** jest runs TypeScript through swc: no type-checking here, `npm run typecheck` does that. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/containers'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/helpers/jest-env.cjs'],
  reporters: [
    'default',
    ['jest-junit', { outputDirectory: 'reports/unit', outputName: 'junit.xml', addFileAttribute: 'true' }],
    '<rootDir>/test/helpers/summary-reporter.cjs',
  ],
};
