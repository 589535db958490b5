/**
 * Two projects: `unit` (pure logic, fast, parallel) and `integration` (real
 * Temporal dev server, real database). Tests are transformed with @swc/jest;
 * workflow code is bundled by the Temporal SDK itself, never by jest.
 */
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];
const transform = {
  '^.+\\.(t|j)sx?$': swc,
  // PGlite's CommonJS build calls import("fs"), which jest's VM refuses; swc rewrites it to require.
  '/node_modules/@electric-sql/pglite/.+\\.cjs$': swc,
};
// ESM-only packages (pixelmatch 8) and PGlite are transformed to CommonJS too.
const transformIgnorePatterns = ['/node_modules/(?!(pixelmatch|@electric-sql/pglite)/)'];
// Helper worktrees (.wt/, gitignored) hold copies of the package: keep them out of jest's module map.
const modulePathIgnorePatterns = ['<rootDir>/.wt/'];

module.exports = {
  // Global (a per-project testTimeout is ignored): integration tests wait on real timers.
  testTimeout: 120000,
  // jest's summary, then one plain "tests: N passed, N failed" line that CI reads as the run's close.
  reporters: ['default', '<rootDir>/tests/support/plain-summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    {
      // The web UI in a real Chromium against the real app (same Temporal dev server as integration).
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
  ],
};
