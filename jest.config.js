/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // jose (under the Agents SDK's jwks-rsa) and strip-bom (under the Teams manifest validator)
    // ship ESM only; Node 20 loads them natively, jest does not.
    '/node_modules/(jose|strip-bom)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|strip-bom)/)'],
  // Keep CI inside the 2-core machine; e2e suites each start their own servers.
  maxWorkers: 2,
  testTimeout: 20000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/contract-guard.ts'],
};
