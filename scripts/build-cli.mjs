#!/usr/bin/env node
// Builds the kpi-scorecard command: bundles src/cli/bin.ts with everything it uses (src/kpi,
// src/scorecard, src/xlsx, exceljs, csv-parse and wink-sentiment's word lists) into
// build/cli/kpi-scorecard.cjs, one CommonJS file for Node 20 that bin/kpi-scorecard.js loads.
// The package then has no runtime dependency: `npm pack` (which runs this first) makes a
// tarball that installs without the network (see README.md, "Install the command line").
// Written to a temporary file, then renamed, so concurrent builds (test workers) never see a
// half-written bundle. esbuild comes with tsx (a devDependency).
import { build } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "cli", "kpi-scorecard.cjs");
const tmp = `${out}.${process.pid}.tmp`;
const notices = join(root, "build", "cli", "THIRD-PARTY-LICENSES.txt");
mkdirSync(dirname(out), { recursive: true });
/** What both bundles are: one CommonJS file for Node 20 with everything it imports, no legal comments. */
const NODE_BUNDLE = { bundle: true, platform: "node", target: "node20", format: "cjs", logLevel: "warning", legalComments: "none" };
const result = await build({
  ...NODE_BUNDLE,
  metafile: true,
  entryPoints: [join(root, "src", "cli", "bin.ts")],
  outfile: tmp,
  // DuckDB is a native addon, an optional peer: required at run time when a log needs it
  // (src/cli/duckdb.ts), never bundled.
  external: ["@duckdb/node-api"],
  // Bundled dependencies (archiver, unzipper, ...) still call `new Buffer(...)`, which Node
  // flags (DEP0005) outside node_modules: within the bundle, Buffer is a compatible wrapper
  // that calls Buffer.alloc / Buffer.from instead.
  banner: {
    js: 'var Buffer = (function (B) { function Buffer(a, b, c) { return typeof a === "number" ? B.alloc(a) : B.from(a, b, c); } Object.setPrototypeOf(Buffer, B); Buffer.prototype = B.prototype; return Buffer; })(require("node:buffer").Buffer);',
  },
});
renameSync(tmp, out);

// The worker thread that fits Gamma-Gamma while the command fits BG/NBD (src/cli/fits.ts): a
// bundle of its own beside the command's, 18 KB where the command's is 3.3 MB to load. Its
// licences are the project's own (it bundles src/clv only).
const worker = join(root, "build", "cli", "clv-fit-worker.cjs");
await build({ ...NODE_BUNDLE, entryPoints: [join(root, "src", "cli", "fitWorker.ts")], outfile: `${worker}.${process.pid}.tmp` });
renameSync(`${worker}.${process.pid}.tmp`, worker);

// The licences of the bundled packages, beside the bundle (legal comments are stripped from it).
const packages = new Map(); // package folder -> name
for (const input of Object.keys(result.metafile.inputs)) {
  const at = input.lastIndexOf("node_modules/");
  if (at < 0) continue;
  const m = /^((?:@[^/]+\/)?[^/]+)\//.exec(input.slice(at + "node_modules/".length));
  if (m) packages.set(join(root, input.slice(0, at + "node_modules/".length + m[1].length)), m[1]);
}
const sections = [...packages].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0])).map(([dir, name]) => {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${pkg.license ?? "see the package"}`;
  return `${name}@${pkg.version}\n${"-".repeat(name.length + pkg.version.length + 1)}\n${text}\n`;
});
writeFileSync(`${notices}.${process.pid}.tmp`, `Packages bundled into kpi-scorecard.cjs, and their licences.\n\n${sections.join("\n")}`);
renameSync(`${notices}.${process.pid}.tmp`, notices);
if (!process.argv.includes("--quiet")) console.log(`built ${out}`);
