/** jest runs the TypeScript sources through swc as ESM; types are checked by `npm run lint`. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {jsc: {parser: {syntax: 'typescript'}, target: 'es2022'}, module: {type: 'es6'}}],
  },
  moduleNameMapper: {'^(\\.{1,2}/.*)\\.js$': '$1'},
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  reporters: ['default', '<rootDir>/test/support/count-reporter.cjs'],
  testTimeout: 30000,
  // One worker per core (jest's default leaves one idle): most e2e time is waiting on child processes and servers,
  // so on a 2-core machine two workers halve the suite (476 s → 250 s measured).
  maxWorkers: '100%',
}
