// Shared by the render scripts: a PDF page as a PNG cropped to what is printed on it
// (pdftoppm renders the page, the bounding box of its non-white pixels crops it).
import { copyFileSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** Bounding box of the non-white pixels of a binary PPM (P6) image, with a margin. */
export function contentBox(ppm, margin) {
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

/** Page `page` of `pdf` as a PNG cropped to its content (plus `margin` pixels), at `dpi`. */
export function renderPage(pdf, page, out, work, dpi, margin = 16) {
  const base = join(work, `page${page}`);
  const pageArgs = ["-r", dpi, "-f", String(page), "-l", String(page), "-singlefile"];
  execFileSync("pdftoppm", [...pageArgs, pdf, base]);
  const box = contentBox(readFileSync(`${base}.ppm`), margin);
  execFileSync("pdftoppm", ["-png", ...pageArgs, "-x", String(box.x), "-y", String(box.y), "-W", String(box.w), "-H", String(box.h), pdf, base]);
  copyFileSync(`${base}.png`, out);
  console.log(`wrote ${out}`);
}

