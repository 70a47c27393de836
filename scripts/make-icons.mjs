#!/usr/bin/env node
// Generates the add-in's icons (assets/icon-<size>.png): a Fluent-blue rounded square with
// three white bars, drawn pixel by pixel and encoded as PNG with node's zlib. No dependencies.
// The PNGs are committed; run `node scripts/make-icons.mjs` again only to change the design.
import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const SIZES = [16, 32, 64, 80, 128];
const BRAND = [0x0f, 0x6c, 0xbd]; // Fluent UI brand blue
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Coverage (0..1) of pixel (x, y) by a rounded square of side `size` and corner radius `r`. */
function insideRounded(x, y, size, r) {
  const cx = Math.min(Math.max(x, r), size - r);
  const cy = Math.min(Math.max(y, r), size - r);
  const d = Math.hypot(x - cx, y - cy);
  return Math.min(1, Math.max(0, r - d + 0.5));
}

/** RGBA pixels of the icon at `size` px. */
export function drawIcon(size) {
  const px = Buffer.alloc(size * size * 4);
  const radius = size * 0.18;
  const bars = [0.45, 0.7, 0.95]; // bar heights as shares of the chart area
  const margin = size * 0.2;
  const chartW = size - 2 * margin;
  const chartH = size - 2 * margin;
  const gap = chartW * 0.12;
  const barW = (chartW - gap * (bars.length - 1)) / bars.length;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const alpha = insideRounded(x + 0.5, y + 0.5, size, radius);
      let colour = BRAND;
      const rx = x + 0.5 - margin;
      const ry = size - margin - (y + 0.5);
      if (rx >= 0 && rx < chartW && ry >= 0) {
        const bar = Math.floor(rx / (barW + gap));
        const inBar = rx - bar * (barW + gap) < barW;
        if (bar < bars.length && inBar && ry < bars[bar] * chartH) colour = WHITE;
      }
      px[i] = colour[0];
      px[i + 1] = colour[1];
      px[i + 2] = colour[2];
      px[i + 3] = Math.round(alpha * 255);
    }
  }
  return px;
}

/** A PNG file (8-bit RGBA, no interlace) of the icon at `size` px. */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "assets");
  try {
    mkdirSync(outDir, { recursive: true });
    for (const size of SIZES) {
      const file = join(outDir, `icon-${size}.png`);
      writeFileSync(file, encodePng(size, drawIcon(size)));
      console.log(`wrote ${file}`);
    }
  } catch (err) {
    console.error(`make-icons: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
