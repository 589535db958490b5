/**
 * Two projects: `unit` (pure logic, fast, parallel) and `integration` (real
 * Temporal dev server, real database). Tests are transformed with @swc/jest;
 * workflow code is bundled by the Temporal SDK itself, never by jest.
 */
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
};
// ESM-only packages (pixelmatch 8) are transformed to CommonJS too.
const transformIgnorePatterns = ['/node_modules/(?!(pixelmatch)/)'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
      testTimeout: 120000,
    },
  ],
};
