#!/usr/bin/env node
// Renders the CLV sheet of the CDNOW log the way a reader without Excel sees it: builds it with
// `kpi-scorecard clv` (calibration to 1997-09-30, holdout to 1998-06-30, margin 30 %), converts
// the workbook to PDF with headless LibreOffice (a private profile in a temp folder) and turns
// the first page (parameters, assumptions, the top customers, totals, deciles and the
// calibration chart) into docs/clv.png with pdftoppm.
//
//   npm run build:cli && node scripts/render-clv.mjs [--out docs/clv.png]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { renderPage } from "./render-pages.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { out: { type: "string" }, dpi: { type: "string" } } });
const out = values.out ?? join(root, "docs", "clv.png");
const dpi = values.dpi ?? "130";
const log = join(root, "..", "shared", "data", "cdnow", "CDNOW_sample.txt");

const dir = mkdtempSync(join(tmpdir(), "kpi-render-clv-"));
try {
  const xlsx = join(dir, "clv.xlsx");
  const args = ["clv", log, "--end", "1997-09-30", "--holdout", "1998-06-30", "--margin", "30%", "--discount", "10%/year", "-o", xlsx, "--quiet"];
  execFileSync(process.execPath, [join(root, "bin", "kpi-scorecard.js"), ...args], { stdio: "inherit" });
  const profile = pathToFileURL(join(dir, "profile")).href;
  execFileSync("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, xlsx], {
    stdio: "ignore",
    env: { ...process.env, SAL_USE_VCLPLUGIN: "svp" },
  });
  const pdf = join(dir, "clv.pdf");
  if (!existsSync(pdf)) throw new Error("LibreOffice made no PDF");
  renderPage(pdf, 1, out, dir, dpi, 24);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
