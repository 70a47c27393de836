// fast-check draws its cases from a seed. A fresh seed per run made the same commit pass CI once
// and fail it the next time (two real numerical defects were found that way, each on one run in
// several): the gate then depended on chance, and a green run from a fresh clone said nothing
// about the next one. The seed is now a function of the code under test, the git trees of src/
// and test/: the same code draws the same cases on every machine and every run, so CI on a
// commit is reproducible, and any change to the code or the tests draws new ones, so the search
// goes on from change to change. KPI_PROPERTY_SEED=<integer> replays or explores a given seed
// (fast-check prints the seed of a failure); outside a git checkout the seed is fixed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fc = require("fast-check");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { execFileSync } = require("node:child_process");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createHash } = require("node:crypto");

function seedOfCode() {
  if (process.env.KPI_PROPERTY_SEED !== undefined && /^-?\d+$/.test(process.env.KPI_PROPERTY_SEED)) return Number(process.env.KPI_PROPERTY_SEED);
  try {
    const trees = execFileSync("git", ["rev-parse", "HEAD:src", "HEAD:test"], { cwd: __dirname, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return createHash("sha256").update(trees).digest().readInt32LE(0);
  } catch {
    return 20261207;
  }
}

if (process.env.KPI_PROPERTY_SEED_OF_CODE === undefined) process.env.KPI_PROPERTY_SEED_OF_CODE = String(seedOfCode());
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(process.env.KPI_PROPERTY_SEED_OF_CODE) });
