// Unit tests live next to the code (src/**/*.spec.ts). End-to-end suites live in test/ and run
// against the sandbox Samba AD DC and a real PostgreSQL, prepared by test/global-setup.ts.
const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: {
    // TS151002 only warns that Node16 module output wants isolatedModules; the type check
    // that ts-jest runs stays on.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  testEnvironment: 'node',
};

module.exports = {
  // testTimeout is a global option: inside a project entry Jest ignores it.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', rootDir: 'src', testRegex: '.*\\.spec\\.ts$' },
    {
      ...common,
      displayName: 'e2e',
      rootDir: '.',
      testRegex: 'test/.*\\.e2e-spec\\.ts$',
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
