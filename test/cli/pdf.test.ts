// --pdf and --paper: the printed form of the scorecard, through LibreOffice when it is there.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { findLibreOffice, localeRegion, paperOf, pdfPathOf } from "../../src/cli/pdf";
import { runCli, tempDir } from "./helpers";

describe("the paper of the user's locale", () => {
  it("reads the region of POSIX and BCP 47 locale names", () => {
    expect(["en_US.UTF-8", "fr-CA", "de_DE@euro", "C.UTF-8", "POSIX", ""].map(localeRegion)).toEqual(["US", "CA", "DE", null, null, null]);
  });

  it("is Letter in the Americas that use it, A4 elsewhere and where the locale names no region", () => {
    expect(paperOf({ LANG: "en_US.UTF-8" })).toBe("letter");
    expect(paperOf({ LANG: "es_MX.UTF-8" })).toBe("letter");
    expect(paperOf({ LANG: "en_GB.UTF-8" })).toBe("a4");
    expect(paperOf({ LANG: "C.UTF-8" }, "en-US")).toBe("a4");
  });

  it("takes LC_ALL over LC_PAPER over LANG, and the runtime's locale only when none is set", () => {
    expect(paperOf({ LC_ALL: "de_DE.UTF-8", LC_PAPER: "en_US.UTF-8", LANG: "en_US.UTF-8" })).toBe("a4");
    expect(paperOf({ LC_PAPER: "en_CA.UTF-8", LANG: "fr_FR.UTF-8" })).toBe("letter");
    expect(paperOf({}, "en-US")).toBe("letter");
    expect(paperOf({}, "nl-NL")).toBe("a4");
  });

  it("puts the PDF beside the workbook", () => {
    expect(pdfPathOf("/x/scorecard.xlsx")).toBe("/x/scorecard.pdf");
    expect(pdfPathOf("/x/Q1.XLSX")).toBe("/x/Q1.pdf");
  });
});

describe("kpi-scorecard --paper and --pdf", () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeAll(() => (tmp = tempDir("kpi-pdf-")));
  afterAll(() => tmp.cleanup());
  const sheetXml = async (file: string) => (await JSZip.loadAsync(readFileSync(file))).file("xl/worksheets/sheet1.xml")?.async("string");

  it("prints on the paper asked for, or the locale's", async () => {
    const letter = join(tmp.dir, "letter.xlsx");
    expect((await runCli(["-o", letter, "--paper", "letter", "--quiet"], { env: { LANG: "de_DE.UTF-8" } })).code).toBe(0);
    expect(await sheetXml(letter)).toMatch(/<pageSetup [^>]*paperSize="1"/);
    const us = join(tmp.dir, "us.xlsx");
    expect((await runCli(["-o", us, "--quiet"], { env: { LANG: "en_US.UTF-8", LC_ALL: "" } })).code).toBe(0);
    expect(await sheetXml(us)).toMatch(/<pageSetup [^>]*paperSize="1"/);
    const a4 = join(tmp.dir, "a4.xlsx");
    expect((await runCli(["-o", a4, "--quiet"], { env: { LANG: "de_DE.UTF-8", LC_ALL: "" } })).code).toBe(0);
    expect(await sheetXml(a4)).toMatch(/<pageSetup [^>]*paperSize="9"/);
  });

  it("refuses an unknown paper in one line, writing nothing", async () => {
    const r = await runCli(["-o", join(tmp.dir, "legal.xlsx"), "--paper", "legal"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kpi-scorecard: --paper "legal" is not known: use a4 or letter\n');
    expect(existsSync(join(tmp.dir, "legal.xlsx"))).toBe(false);
  });

  it("says in one line that --pdf needs LibreOffice when there is none, and writes neither file", async () => {
    const out = join(tmp.dir, "none.xlsx");
    const r = await runCli(["-o", out, "--pdf"], { env: { LIBREOFFICE_BIN: join(tmp.dir, "no-soffice") } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kpi-scorecard: --pdf needs LibreOffice to print the workbook, and none was found .*apt-get install libreoffice-calc.*\n$/);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith("none"))).toEqual([]);
  });

  const soffice = findLibreOffice(process.env);
  (soffice ? it : it.skip)("writes the example's PDF beside the workbook: the scorecard, its charts and statistics on the pages the sheet lays out, not the data", async () => {
    const out = join(tmp.dir, "example.xlsx");
    const r = await runCli(["-o", out, "--pdf", "--paper", "a4", "--quiet"], { timeoutMs: 240_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const pdf = join(tmp.dir, "example.pdf");
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    expect(r.stdout).toContain(`Wrote ${pdf}: the scorecard and its charts as printed (A4)`);
    // The 3,000-row example printed 336 pages when its data sheet printed too.
    const info = execFileSync("pdfinfo", [pdf]).toString();
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    // As many pages as the sheet's page breaks make: LibreOffice breaks no page of its own (nothing runs past a page).
    const zip = await JSZip.loadAsync(readFileSync(out));
    const breaks = (await zip.file("xl/worksheets/sheet1.xml")?.async("string") ?? "").match(/<brk id=/g)?.length ?? 0;
    expect(breaks).toBeGreaterThan(2);
    expect(pages).toBe(breaks + 1);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.\d+ pts \(A4\)/); // landscape
    expect(readdirSync(tmp.dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  }, 300_000);
});
