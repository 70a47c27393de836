#!/usr/bin/env node
// Renders the CLV sheet of the CDNOW log the way a reader without Excel sees it: builds it with
// `kpi-scorecard clv` (calibration to 1997-09-30, holdout to 1998-06-30, margin 30 %), converts
// the workbook to PDF with headless LibreOffice (a private profile in a temp folder) and turns
// the first page (parameters, assumptions, the top customers, totals, deciles and the
// calibration chart) into docs/clv.png with pdftoppm.
//
//   npm run build:cli && node scripts/render-clv.mjs [--out docs/clv.png]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { out: { type: "string" }, dpi: { type: "string" } } });
const out = values.out ?? join(root, "docs", "clv.png");
const dpi = values.dpi ?? "130";
const log = join(root, "..", "shared", "data", "cdnow", "CDNOW_sample.txt");

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
  execFileSync("pdftoppm", ["-r", dpi, "-f", "1", "-l", "1", "-singlefile", pdf, join(dir, "page")]);
  const box = contentBox(readFileSync(join(dir, "page.ppm")), 24);
  execFileSync("pdftoppm", ["-png", "-r", dpi, "-f", "1", "-l", "1", "-singlefile", "-x", String(box.x), "-y", String(box.y), "-W", String(box.w), "-H", String(box.h), pdf, join(dir, "page")]);
  renameSync(join(dir, "page.png"), out);
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
