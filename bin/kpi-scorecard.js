#!/usr/bin/env node
// kpi-scorecard: starts the CLI bundle that `npm run build` (or `npm run build:cli`) makes
// from src/cli with esbuild. See README.md, "Command line".
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher */
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const bundle = join(__dirname, "..", "build", "cli", "kpi-scorecard.cjs");
if (!existsSync(bundle)) {
  process.stderr.write("kpi-scorecard: the command is not built yet: run `npm run build` (or `npm run build:cli`) first\n");
  process.exit(1);
}
require(bundle);
