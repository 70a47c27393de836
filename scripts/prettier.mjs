#!/usr/bin/env node
// `npm run prettier` (check) and `npm run prettier -- --write` (format), as Microsoft's add-in
// templates have: the project's Prettier (a devDependency) with the house options in
// .prettierrc.json. The code is kept by ESLint and review and was never run through Prettier,
// so --check lists most files today; it is not part of `npm test`. Where node_modules was
// installed without dev dependencies, this says how to get Prettier and exits 1.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TARGETS = ["src", "test", "scripts"];

let bin;
try {
  bin = createRequire(join(ROOT, "package.json")).resolve("prettier/bin/prettier.cjs");
} catch {
  console.error("prettier is not installed here: run `npm install` (it is a devDependency), then `npm run prettier` again.");
  process.exit(1);
}
const write = process.argv.includes("--write");
const run = spawnSync(process.execPath, [bin, write ? "--write" : "--check", ...TARGETS], { cwd: ROOT, stdio: "inherit" });
process.exit(run.status ?? 1);
