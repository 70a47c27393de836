// The scorecard as a reader gets it on paper (issue 24, "What must be shown"): the bundled example
// on A4 and the consultant's 4-region survey (a weaker South, a better April, a 12-answer West)
// on Letter, printed by LibreOffice through --pdf and read back with poppler's pdftotext and
// pdfinfo. Each checks the page count against the sheet's own page breaks, the lines on every
// page and the share of its height its content spans (none near empty), the text height on page 1, that the key findings the command line
// prints are on page 1 in the same order, and that every value a segment difference marks shows
// its mark on page 1.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { findLibreOffice } from "../../src/cli/pdf";
import { formatValue } from "../../src/cli/summary";
import { survey4 } from "../../scripts/surveys.cjs";
import { runCli, tempDir } from "./helpers";

const soffice = findLibreOffice(process.env);
const poppler = (() => {
  try {
    execFileSync("pdfinfo", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const describePrinted = soffice && poppler ? describe : describe.skip;

/** Lines of a PDF page with text on them, as pdftotext lays them out (the footer is the last). */
const pageLines = (pdf: string, page: number) =>
  execFileSync("pdftotext", ["-layout", "-f", String(page), "-l", String(page), pdf, "-"]).toString().split("\n").filter((l) => l.trim() !== "");

/**
 * The words' heights on a page, in points (pdftotext -bbox). A word's box is its font's ascent
 * plus descent: 1.306 times the size for the DejaVu Sans LibreOffice prints Calibri in (measured:
 * 11-point text at the sheet's 76 % prints at 8.36 points in boxes 10.92 high).
 */
function wordHeights(pdf: string, page: number): number[] {
  const xml = execFileSync("pdftotext", ["-bbox", "-f", String(page), "-l", String(page), pdf, "-"]).toString();
  return [...xml.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((m) => Number(m[2]) - Number(m[1]));
}
const BOX_PER_POINT = 1.306;

/**
 * The share of a page's height its sheet content spans: from the top of its first word to the
 * bottom of its last one above the footer (a chart's title to its labels: a chart holds few
 * words but fills its rows).
 */
function filledShare(pdf: string, page: number): number {
  const xml = execFileSync("pdftotext", ["-bbox", "-f", String(page), "-l", String(page), pdf, "-"]).toString();
  const height = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(xml)?.[1]);
  const boxes = [...xml.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const footer = Math.max(...boxes.map(([top]) => top));
  const content = boxes.filter(([top]) => top < footer - 1);
  return (Math.max(...content.map(([, bottom]) => bottom)) - Math.min(...content.map(([top]) => top))) / height;
}

/** Headings that open a block: a page must never end on one. */
const HEADINGS = /^\s*(Key findings|KPI\s+Value|By \w+, each with its n|Notes$|How the CPI is made|Trend by|n by|Charts$|Statistics behind|Group \(compared|What moves|What detractors)/;

interface Printed {
  readonly pdf: string;
  readonly pages: number;
  readonly breaks: number;
  readonly findings: readonly string[];
  readonly differences: readonly { kind: string; group: string; value: number; numberFormat: string; direction: string }[];
}

async function print(dir: string, name: string, args: readonly string[], paper: "a4" | "letter"): Promise<Printed> {
  const out = join(dir, `${name}.xlsx`);
  const r = await runCli([...args, "-o", out, "--pdf", "--paper", paper], { timeoutMs: 280_000 });
  // stderr holds the progress lines; a failure shows it.
  expect([r.code, r.code === 0 ? "" : r.stderr]).toEqual([0, ""]);
  const pdf = join(dir, `${name}.pdf`);
  const info = execFileSync("pdfinfo", [pdf]).toString();
  const sheet = (await (await JSZip.loadAsync(readFileSync(out))).file("xl/worksheets/sheet1.xml")?.async("string")) ?? "";
  // The key findings the command line printed: "  1. ▼ South: CSAT 46.9%, ...".
  const findings = [...r.stdout.matchAll(/^\s+\d+\. ([▲▼] .+)$/gm)].map((m) => m[1]);
  const json = await runCli([...args, "-o", join(dir, `${name}-json.xlsx`), "--json"], { timeoutMs: 280_000 });
  return {
    pdf,
    pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]),
    breaks: sheet.match(/<brk id=/g)?.length ?? 0,
    findings,
    differences: (JSON.parse(json.stdout) as { differences: Printed["differences"] }).differences,
  };
}

describePrinted("the printed scorecard (LibreOffice, poppler)", () => {
  let tmp: { dir: string; cleanup: () => void };
  const printed = new Map<string, Printed>();
  beforeAll(async () => {
    tmp = tempDir("kpi-printed-");
    const csv = join(tmp.dir, "survey4.csv");
    writeFileSync(csv, survey4());
    printed.set("example", await print(tmp.dir, "example", [], "a4"));
    printed.set("survey4", await print(tmp.dir, "survey4", [csv, "--target", "NPS=40", "--target", "CSAT=80%"], "letter"));
  }, 900_000);
  afterAll(() => tmp?.cleanup());

  describe.each(["example", "survey4"])("%s", (name) => {
    const got = () => printed.get(name) as Printed;

    it("prints the pages the sheet lays out, no more: LibreOffice breaks no page of its own", () => {
      expect(got().breaks).toBeGreaterThan(2);
      expect(got().pages).toBe(got().breaks + 1);
    });

    it("fills every page to at least 45 % of its height, with 15 lines of text or more, the last page too", () => {
      // The sheet's content on a page (a chart's title to its labels) spans at least 0.45 of the page's height, above the footer: a
      // lone row of charts spans about 0.30 (the layout before three rows of charts fitted a page), two rows about 0.53, a
      // statistics section 0.52 to 0.73.
      for (let page = 1; page <= got().pages; page++) {
        expect([page, pageLines(got().pdf, page).length >= 15, filledShare(got().pdf, page) >= 0.45]).toEqual([page, true, true]);
      }
    });

    it("prints each statistics section whole on one page where it fits: no page opens with a (continued) panel", () => {
      for (let page = 1; page <= got().pages; page++) {
        const first = pageLines(got().pdf, page).slice(0, 3).join(" ");
        expect([page, /\(continued\)|^\s*MDD/.test(first)]).toEqual([page, false]);
      }
    });

    it("prints the statistics table's continued headers' words whole or broken at a hyphen of ours, never cut by LibreOffice ('comment' / 's')", () => {
      const headers: string[] = [];
      for (let page = 1; page <= got().pages; page++) {
        const lines = pageLines(got().pdf, page);
        lines.forEach((line, k) => {
          if (!/\(continued\)/.test(line)) return;
          // The header row's lines: back to the last data row (a comparison, the trend line) and on to the first ("All").
          let from = k;
          while (from > 0 && !/ vs |^\s*Trend line/.test(lines[from - 1])) from--;
          let to = k;
          while (to + 1 < lines.length && !/^\s*All\b/.test(lines[to + 1])) to++;
          headers.push(...lines.slice(from, to + 1));
        });
      }
      expect(headers.length).toBeGreaterThan(3);
      const words = headers.join(" ").split(/\s+/).filter((w) => w !== "");
      // A word cut at the column's edge leaves a piece of a letter or two on a line of its own ("s", "ts"); our breaks end in a hyphen.
      // The headers' own short words: n, p, z, "sum of x", "not a", "of".
      expect(words.filter((w) => /^[a-z]{1,2}$/.test(w) && !["n", "p", "z", "x", "a", "of"].includes(w))).toEqual([]);
      expect(words.some((w) => w === "comments" || w === "com-")).toBe(true);
    });

    it("ends no page on a block's heading, and prints the KPI table's header row only over the table, on page 1", () => {
      for (let page = 1; page <= got().pages; page++) {
        const lines = pageLines(got().pdf, page);
        // The last line is the footer; the one before it the page's last line of the sheet.
        expect([page, HEADINGS.test(lines[lines.length - 2])]).toEqual([page, false]);
        expect([page, lines.filter((l) => /^\s*KPI\s+Value\s+n\b/.test(l)).length]).toEqual([page, page === 1 ? 1 : 0]);
      }
    });

    it("prints page 1's text at 8 points or more, the footer too", () => {
      const heights = wordHeights(got().pdf, 1);
      expect(heights.length).toBeGreaterThan(100);
      expect(Math.min(...heights) / BOX_PER_POINT).toBeGreaterThanOrEqual(8);
    });

    it("opens page 1 with the key findings, the command line's sentences in its order", () => {
      const page1 = pageLines(got().pdf, 1).map((l) => l.trim());
      const heading = page1.findIndex((l) => l.startsWith("Key findings"));
      expect(heading).toBeGreaterThan(0);
      expect(heading).toBeLessThan(page1.findIndex((l) => /^KPI\s+Value/.test(l)));
      const { findings } = got();
      if (findings.length === 0) {
        expect(page1[heading + 1]).toMatch(/^No difference holds/);
        return;
      }
      const shown = Math.min(5, findings.length);
      expect(page1.slice(heading + 1, heading + 1 + shown)).toEqual(findings.slice(0, shown));
      if (findings.length > shown) expect(page1[heading + 1 + shown]).toBe(`…and ${findings.length - shown} more: the statistics table marks them (Mark column).`);
    });

    it("shows each segment difference's mark beside its value on page 1", () => {
      const page1 = pageLines(got().pdf, 1).join("\n");
      const segments = got().differences.filter((d) => d.kind === "segment");
      if (name === "survey4") expect(segments.length).toBeGreaterThan(3);
      for (const d of segments) expect(page1).toContain(`${formatValue(d.value, d.numberFormat)} ${d.direction === "higher" ? "▲" : "▼"}`);
    });
  });

  it("leaves the 12-answer region unmarked and out of the charts' drawing, its label saying too few", () => {
    const s = printed.get("survey4") as Printed;
    expect(s.differences.some((d) => d.group === "Region: West")).toBe(false);
    const text = execFileSync("pdftotext", ["-layout", s.pdf, "-"]).toString();
    expect(text).toContain("(n 12: too few)");
  });
});
