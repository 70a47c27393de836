#!/usr/bin/env node
// `npm run prettier` (check) and `npm run prettier -- --write` (format), as Microsoft's add-in
// templates have. Prettier is not a dependency of this project (the code is kept by ESLint and
// review; adding it reformats most files): this runs the Prettier a developer has installed,
// with the house options in .prettierrc.json, and otherwise says how to get it and exits 1.
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
  console.error("prettier is not installed here: `npm install --no-save prettier`, then run `npm run prettier` again.");
  process.exit(1);
}
const write = process.argv.includes("--write");
const run = spawnSync(process.execPath, [bin, write ? "--write" : "--check", ...TARGETS], { cwd: ROOT, stdio: "inherit" });
process.exit(run.status ?? 1);
