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
//   survey4.png, survey4-charts.png        the consultant's survey of issue 24 (3,000 rows, four regions:
//                                          a weaker South, a better April, a 12-answer West; by month)
//   drivers.png                            "What moves NPS" of the bundled example (its spec's drivers:
//                                          CES, FCR and five attribute ratings)
//   themes.png                             "What detractors say" (--themes) of a generated survey of
//                                          600 rows whose detractors complain of waits, callbacks,
//                                          transfers and price, and whose promoters praise the staff
//   theme-drivers.png                      "What moves NPS" of that survey, its named themes (four complaints
//                                          and the staff's praise) as the drivers
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
const { survey4 } = createRequire(import.meta.url)("./surveys.cjs");
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

/**
 * A survey of 600 answers with comments written from pieces: everyone mentions ordinary things,
 * detractors add complaints (waiting, callbacks, transfers, price), promoters praise; the words
 * vary so each complaint shows as the phrases people would type, not one canned sentence.
 */
function surveyThemes(path) {
  const rand = mulberry32(21);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const everyday = ["I ordered a new router", "my second order this year", "the parcel came on a Monday", "used the app to pay", "called about my bill", "changed my plan"];
  const complaints = [
    ["was on hold for 40 minutes", "kept on hold forever", "on hold for an hour again"],
    ["no callback as promised", "nobody called me back", "still no callback"],
    ["transferred three times", "got transferred to the wrong team"],
    ["far too expensive", "prices went up again", "too expensive for what you get"],
  ];
  const praise = ["the staff were friendly", "friendly staff", "quick and easy", "sorted in minutes", "really helpful agent"];
  const lines = ["Respondent,Date,Plan,How likely are you to recommend us? (0-10),Comment"];
  for (let i = 0; i < 600; i++) {
    const nps = Math.min(10, Math.floor(rand() * 12));
    const parts = [pick(everyday)];
    if (nps <= 6) for (const group of complaints) if (rand() < 0.3) parts.push(pick(group));
    if (nps >= 9 && rand() < 0.6) parts.push(pick(praise));
    const month = 1 + Math.floor((i / 600) * 6);
    lines.push([`R${2000 + i}`, `2025-${String(month).padStart(2, "0")}-15`, i % 2 ? "Home" : "Business", nps, `"${parts.join(", ")}"`].join(","));
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
  const survey4Csv = join(work, "survey4.csv");
  writeFileSync(survey4Csv, survey4());
  cli([survey4Csv, "-o", join(work, "survey4.xlsx"), "--title", "Customer KPI Scorecard: 3,000 answers, four regions, by month", "--target", "NPS=40", "--target", "CSAT=80%"]);
  const themesCsv = join(work, "themes.csv");
  surveyThemes(themesCsv);
  // The themes the block proposes, named (four complaints and the staff's praise), as rows and as
  // drivers of NPS: the page theme-drivers.png shows.
  const named = [
    ["--theme", "Wait time=on hold,hold"],
    ["--theme", "Callback=callback,called me back"],
    ["--theme", "Transfers=transferred"],
    ["--theme", "Price=expensive,prices"],
    ["--praise", "Staff=staff,agent,helpful,friendly"],
  ].flat();
  cli([themesCsv, "-o", join(work, "themes.xlsx"), "--title", "Customer KPI Scorecard: 600 answers with planted complaints", "--themes", ...named, "--drivers", "auto"]);
  const themesPdf = join(work, "themes.pdf");
  const themesPages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [themesPdf]).toString())?.[1] ?? 1);
  for (let page = 1; page <= themesPages; page++) {
    const text = execFileSync("pdftotext", ["-f", String(page), "-l", String(page), "-layout", themesPdf, "-"]).toString();
    if (/^\s*What detractors say/m.test(text)) renderPage(themesPdf, page, join(outDir, "themes.png"), work, dpi);
    if (/^\s*What moves NPS/m.test(text)) renderPage(themesPdf, page, join(outDir, "theme-drivers.png"), work, dpi);
  }
  copyFileSync(themesPdf, join(outDir, "themes.pdf"));
  const examplePdf = join(work, "scorecard.pdf");
  const examplePages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [examplePdf]).toString())?.[1] ?? 1);
  for (let page = 1; page <= examplePages; page++) {
    const text = execFileSync("pdftotext", ["-f", String(page), "-l", String(page), "-layout", examplePdf, "-"]).toString();
    if (/^\s*What moves NPS/m.test(text)) renderPage(examplePdf, page, join(outDir, "drivers.png"), work, dpi);
  }
  for (const name of ["scorecard", "survey-420", "survey4"]) {
    const pdf = join(work, `${name}.pdf`);
    copyFileSync(pdf, join(outDir, `${name}.pdf`));
    renderPage(pdf, 1, join(outDir, `${name}.png`), work, dpi);
    // The charts page: the first with the NPS chart by segment (columns from zero, each label with its n).
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())?.[1] ?? 1);
    for (let page = 2; page <= pages; page++) {
      const text = execFileSync("pdftotext", ["-f", String(page), "-l", String(page), "-layout", pdf, "-"]).toString();
      if (/Net Promoter Score \(NPS\) by (Region|Plan)/.test(text)) {
        renderPage(pdf, page, join(outDir, `${name}-charts.png`), work, dpi);
        break;
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
