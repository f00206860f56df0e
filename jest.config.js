/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The fault suite takes about 90 s: npm run test:faults (table) or npm run test:faults:targets (assertions).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
  setupFiles: ['<rootDir>/test/support/env.ts'],
  // Compiles the CLI once per run, so tests of bin/honeytrail never run a stale build.
  globalSetup: '<rootDir>/test/support/build-cli.ts',
};
