// NestJS 12 ships ES modules only, and Jest loads those only in its ESM mode: tests run as ESM
// (NODE_OPTIONS=--experimental-vm-modules, set by the npm scripts) while the built app is CommonJS.
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', useESM: true }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    // A relative import written with its built name (`import('./x.js')`, which Node's loader needs) is the .ts here.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@app/(platform|event-store|pipeline|identity)$': '<rootDir>/libs/$1/src',
    // The platform's test helpers (test databases, given/when/then), kept out of its runtime entry.
    '^@app/platform/testing(/.*)?$': '<rootDir>/libs/platform/src/testing$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...shared, displayName: 'int', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
    { ...shared, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.reliability-spec.ts'] },
  ],
};
