/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared/src', '<rootDir>/services/src', '<rootDir>/gateway/src', '<rootDir>/cli/src', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  moduleNameMapper: { '^@djnet/(shared|services|gateway|cli)$': '<rootDir>/$1/src' },
  globalSetup: '<rootDir>/tests/support/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/support/globalTeardown.ts',
  testTimeout: 60_000,
  // Integration tests start real processes; two workers match the machine's two cores.
  maxWorkers: process.env.CI ? 2 : '50%',
};
