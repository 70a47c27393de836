// Testing Library waits for a condition (findBy*, waitFor) and gives up after asyncUtilTimeout,
// 1 s by default. A 2-core machine under load renders the Fluent pane slower than that, so the
// default made correct tests fail with the machine's load. The waits still return as soon as
// the condition holds; the bound only decides how long a genuinely broken test takes to fail,
// and it stays below Jest's own testTimeout so the failure names the condition, not the clock.
if (typeof document !== "undefined") {
  // Required only in DOM test files, so Node-only suites do not load Testing Library.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { configure } = require("@testing-library/dom");
  configure({ asyncUtilTimeout: 60000 });
}
