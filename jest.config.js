/** Tests run on the TypeScript sources (transpile only: `npm test` type-checks with tsc first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // Most suites wait on CLI processes and database servers: one worker per core (jest's default
  // leaves one core idle) took the suite from 528 s to 339 s on two cores.
  maxWorkers: '100%',
  testSequencer: '<rootDir>/test/helpers/slowFirstSequencer.js',
};
