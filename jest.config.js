/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The local wiki's MediaWiki tree (test/wiki/lib/fetch-mediawiki.sh) is not ours to crawl.
  modulePathIgnorePatterns: ['<rootDir>/test/wiki/.data/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/wiki/.data/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
    // wikiparser-node's @bhsd/* dependencies are ES modules, which Node 20.19+ loads with require()
    // and Jest's module loader does not: Jest compiles them to CommonJS.
    '/node_modules/@bhsd/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true }, diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@bhsd/)'],
};
