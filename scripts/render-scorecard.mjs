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
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { mulberry32 } = createRequire(import.meta.url)("./random.cjs");
const { values } = parseArgs({ options: { "out-dir": { type: "string" }, dpi: { type: "string" } } });
const outDir = values["out-dir"] ?? join(root, "docs");
const dpi = values.dpi ?? "110";

/** Bounding box of the non-white pixels of a binary PPM (P6) image, with a margin. */
function contentBox(ppm, margin) {
  let pos = 0;
  const token = () => {
    while (/\s/.test(String.fromCharCode(ppm[pos]))) pos++;
    let t = "";
    while (!/\s/.test(String.fromCharCode(ppm[pos]))) t += String.fromCharCode(ppm[pos++]);
    return t;
  };
  if (token() !== "P6") throw new Error("not a P6 PPM");
  const width = Number(token());
  const height = Number(token());
  token(); // max value
  pos++;
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = pos + (y * width + x) * 3;
      if (ppm[i] < 245 || ppm[i + 1] < 245 || ppm[i + 2] < 245) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return { x: 0, y: 0, w: width, h: height };
  const x = Math.max(0, x0 - margin);
  const y = Math.max(0, y0 - margin);
  return { x, y, w: Math.min(width, x1 + margin) - x, h: Math.min(height, y1 + margin) - y };
}

/** Page `page` of `pdf` as a PNG cropped to its content. */
function renderPage(pdf, page, out, work) {
  const base = join(work, `page${page}`);
  const pageArgs = ["-r", dpi, "-f", String(page), "-l", String(page), "-singlefile"];
  execFileSync("pdftoppm", [...pageArgs, pdf, base]);
  const box = contentBox(readFileSync(`${base}.ppm`), 16);
  execFileSync("pdftoppm", ["-png", ...pageArgs, "-x", String(box.x), "-y", String(box.y), "-W", String(box.w), "-H", String(box.h), pdf, base]);
  copyFileSync(`${base}.png`, out);
  console.log(`wrote ${out}`);
}

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
    renderPage(pdf, 1, join(outDir, `${name}.png`), work);
    // The charts start a page of their own, headed "Charts:".
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())?.[1] ?? 1);
    for (let page = 2; page <= pages; page++) {
      const text = execFileSync("pdftotext", ["-f", String(page), "-l", String(page), "-layout", pdf, "-"]).toString();
      if (/^\s*Charts:/m.test(text)) renderPage(pdf, page, join(outDir, `${name}-charts.png`), work);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
