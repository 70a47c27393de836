#!/usr/bin/env node
// Renders scorecards the way a reader without Excel sees them: builds each with the CLI
// (--pdf: LibreOffice headless with a private profile, so a running LibreOffice is never
// touched) and turns its printed pages into PNGs with pdftoppm, cropped to what is printed.
//
//   npm run build:cli && node scripts/render-scorecard.mjs [--out-dir docs] [--dpi 110]
//
// Writes, in --out-dir:
//   scorecard.png, scorecard-charts.png    the bundled example (3,000 rows, 4 regions, quarters)
//   survey-420.png, survey-420-charts.png  a generated 2-segment survey of 420 rows, by month
//   *.pdf                                  the PDFs they come from
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderPage } from "./render-pages.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { mulberry32 } = createRequire(import.meta.url)("./random.cjs");
const { values } = parseArgs({ options: { "out-dir": { type: "string" }, dpi: { type: "string" } } });
const outDir = values["out-dir"] ?? join(root, "docs");
const dpi = values.dpi ?? "110";

/** A survey of `perSegment` answers in each of two segments over six months: NPS, CSAT, CES, FCR, comments. */
function survey420(path) {
  const rand = mulberry32(420);
  const pick = (weights) => {
    let u = rand() * weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < weights.length; k++) if ((u -= weights[k]) < 0) return k;
    return weights.length - 1;
  };
  const comments = ["Quick and friendly, thank you", "Still waiting for a refund", "Great service", "The app keeps crashing", "", "Fine", "Very helpful agent", "Too slow, disappointed"];
  const lines = ["Respondent,Date,Plan,How likely are you to recommend us? (0-10),Overall satisfaction (1-5),Effort (1-7),Resolved first time?,Comment"];
  for (let i = 0; i < 420; i++) {
    const premium = i % 2 === 0;
    const month = 1 + Math.floor((i / 420) * 6);
    const day = 1 + Math.floor(rand() * 27);
    const nps = pick(premium ? [1, 1, 1, 1, 2, 3, 4, 8, 10, 14, 16] : [2, 2, 2, 3, 4, 6, 8, 10, 10, 8, 6]);
    const csat = 1 + pick(premium ? [1, 2, 4, 10, 9] : [2, 4, 6, 9, 5]);
    const ces = 1 + pick(premium ? [1, 1, 2, 4, 8, 10, 7] : [2, 3, 4, 6, 7, 5, 3]);
    const fcr = rand() < (premium ? 0.82 : 0.68) ? "Yes" : "No";
    const comment = comments[pick([3, 1, 3, 1, 4, 2, 2, 1])];
    lines.push([`R${1000 + i}`, `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`, premium ? "Premium" : "Standard", nps, csat, ces, fcr, `"${comment}"`].join(","));
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

const work = mkdtempSync(join(tmpdir(), "kpi-render-"));
const cli = (args) => execFileSync(process.execPath, [join(root, "bin", "kpi-scorecard.js"), ...args, "--pdf", "--paper", "a4", "--quiet", "--force"], { stdio: ["ignore", "ignore", "inherit"] });
try {
  cli(["-o", join(work, "scorecard.xlsx")]);
  const csv = join(work, "survey-420.csv");
  survey420(csv);
  cli([csv, "-o", join(work, "survey-420.xlsx"), "--title", "Customer KPI Scorecard: 420 answers, two plans, by month", "--target", "NPS=40", "--target", "CSAT=80%"]);
  for (const name of ["scorecard", "survey-420"]) {
    const pdf = join(work, `${name}.pdf`);
    copyFileSync(pdf, join(outDir, `${name}.pdf`));
    renderPage(pdf, 1, join(outDir, `${name}.png`), work, dpi);
    // The charts start a page of their own, headed "Charts:".
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())?.[1] ?? 1);
    for (let page = 2; page <= pages; page++) {
      const text = execFileSync("pdftotext", ["-f", String(page), "-l", String(page), "-layout", pdf, "-"]).toString();
      if (/^\s*Charts:/m.test(text)) renderPage(pdf, page, join(outDir, `${name}-charts.png`), work, dpi);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
