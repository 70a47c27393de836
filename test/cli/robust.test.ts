/**
 * kpi-scorecard under bad input and load (issue 9): data past Excel's limits, characters XML
 * forbids, writes that fail or are killed, a closed standard output. Each case: exit 2 with one
 * line (or a clean exit), and never a corrupt, partial or temporary file left behind.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { BIN, ensureBuilt, readWorkbook, ROOT, runCli, storedSpec, tempDir, writeXlsx } from "./helpers";

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  ensureBuilt();
  tmp = tempDir("kpi-robust-");
});
afterAll(() => tmp.cleanup());

const out = (name: string) => join(tmp.dir, name);
const temps = (dir = tmp.dir) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

function expectOneLineRefusal(r: { code: number | null; stderr: string; stdout: string }, message: RegExp): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stdout).toBe("");
}

/** Parses every XML part of an .xlsx strictly; throws on the first part that is not well-formed. */
async function checkWellFormed(path: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const parts = Object.keys(zip.files).filter((n) => n.endsWith(".xml") || n.endsWith(".rels"));
  for (const name of parts) {
    const text = await zip.file(name)?.async("string");
    const parser = new SaxesParser({ xmlns: false });
    let error: Error | null = null;
    parser.on("error", (e) => {
      error ??= e;
    });
    parser.write(text ?? "").close();
    if (error) throw new Error(`${name} is not well-formed XML: ${(error as Error).message}`);
  }
  return parts;
}

describe("Excel's row and column limits", () => {
  it("refuses more than 1,048,575 data rows with one line and writes nothing", async () => {
    const csv = out("rows.csv");
    writeFileSync(csv, "How likely are you to recommend us? (0-10)\n" + "9\n".repeat(1_048_576));
    const r = await runCli([csv, "-o", out("rows.xlsx"), "-q"]);
    expectOneLineRefusal(r, /1,048,576 data rows are more than an Excel sheet holds \(1,048,575 under the header row\)/);
    expect(existsSync(out("rows.xlsx"))).toBe(false);
    expect(temps()).toEqual([]);
  });

  it("refuses 16,385 columns with one line (not an unexpected failure) and leaves no temporary file", async () => {
    const csv = out("wide.csv");
    const headers = Array.from({ length: 16_385 }, (_, i) => (i === 0 ? "NPS" : `c${i}`));
    writeFileSync(csv, `${headers.join(",")}\n${headers.map((_, i) => (i === 0 ? 9 : 1)).join(",")}\n`);
    const r = await runCli([csv, "--nps", "NPS", "-o", out("wide.xlsx"), "-q"]);
    expectOneLineRefusal(r, /16,385 columns are more than an Excel sheet holds \(16,384\)/);
    expect(existsSync(out("wide.xlsx"))).toBe(false);
    expect(temps()).toEqual([]);
  });

  it("refuses a --range past the last cell of a sheet with one line", async () => {
    const book = await writeXlsx(out("range.xlsx"), { headers: ["NPS"], rows: [[9], [7]] });
    const r = await runCli([book, "--range", "A1:XFE3", "-o", out("range-out.xlsx")]);
    expectOneLineRefusal(r, /--range "A1:XFE3" goes past the last cell of an Excel sheet/);
    expect(temps()).toEqual([]);
  });
});

describe("characters that XML forbids", () => {
  it("are left out of headers, segments and the stored spec, so every part of the file is well-formed and formulas match the data", async () => {
    const csv = out("xml.csv");
    const lines = ["Region\uFFFF,How likely are you to recommend us? (0-10)\u0001"];
    for (let i = 0; i < 40; i++) lines.push(`${i % 2 ? "North\uFFFE" : "So\u0007uth"},${i % 11}`);
    writeFileSync(csv, lines.join("\n") + "\n");
    const target = out("xml.xlsx");
    const r = await runCli([csv, "--segment", "Region", "--nps", "B", "-o", target, "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("42 texts held characters that an .xlsx cannot hold (control characters, U+FFFE, U+FFFF): they were left out of the text");
    const parts = await checkWellFormed(target);
    expect(parts.filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p)).length).toBe(3);
    const zip = await JSZip.loadAsync(readFileSync(target));
    for (const part of parts) expect((await zip.file(part)?.async("string")) ?? "").not.toMatch(/[\uFFFE\uFFFF\u0001\u0007]/);
    // Labels, the data sheet and the stored spec all hold the cleaned text, so the segment formulas match the data.
    const wb = await readWorkbook(target);
    const texts = (name: string) => {
      const found: string[] = [];
      wb.getWorksheet(name)?.eachRow((row) => row.eachCell((cell) => {
        if (typeof cell.value === "string") found.push(cell.value);
      }));
      return found;
    };
    expect(texts("KPI Scorecard").some((t) => t.includes("North"))).toBe(true);
    expect(texts("KPI Scorecard").some((t) => t.includes("South"))).toBe(true);
    expect(texts("Data")).toEqual(expect.arrayContaining(["Region", "North", "South"]));
    expect(storedSpec(wb).spec.columns.map((c) => c.header)).toContain("Region");
  });
});

describe("a write that fails or is killed", () => {
  it("removes a temporary file of ours whose process is gone, on the next run", async () => {
    const dead = spawn(process.execPath, ["-e", "0"]);
    const pid = dead.pid as number;
    await new Promise((resolve) => dead.on("close", resolve));
    const stale = `.stale.xlsx.${pid}.0123abcd.tmp`;
    const notOurs = ".notes.txt.tmp";
    writeFileSync(out(stale), "half a workbook");
    writeFileSync(out(notOurs), "someone else's");
    const csv = out("small.csv");
    writeFileSync(csv, "How likely are you to recommend us? (0-10)\n9\n7\n3\n");
    const r = await runCli([csv, "-o", out("small.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    expect(existsSync(out(stale))).toBe(false);
    expect(existsSync(out(notOurs))).toBe(true);
  });

  it("after SIGKILL mid-write leaves a temporary file that the next run removes", async () => {
    const { dir, cleanup } = tempDir("kpi-kill-");
    try {
      const csv = join(dir, "big.csv");
      execFileSync(process.execPath, [join(ROOT, "scripts", "make-example.mjs"), "--rows", "400000", "--out", csv], { stdio: "pipe" });
      const target = join(dir, "big.xlsx");
      const seen = new Promise<void>((resolve) => {
        const watcher = watch(dir, () => {
          if (temps(dir).length > 0) {
            watcher.close();
            resolve();
          }
        });
      });
      const child = spawn(process.execPath, [BIN, csv, "-o", target, "-q"], { stdio: "ignore" });
      const closed = new Promise((resolve) => child.on("close", resolve));
      await seen;
      child.kill("SIGKILL");
      await closed;
      expect(temps(dir)).toHaveLength(1);
      expect(existsSync(target)).toBe(false);

      const r = await runCli([csv, "-o", target, "-q"]);
      expect(r.code).toBe(0);
      expect(temps(dir)).toEqual([]);
      expect(existsSync(target)).toBe(true);
    } finally {
      cleanup();
    }
  });
});

describe("standard output and error", () => {
  it("ends quietly with exit 0 when standard output is closed early (piped into head)", async () => {
    const csv = out("pipe.csv");
    writeFileSync(csv, "How likely are you to recommend us? (0-10)\n9\n7\n3\n");
    const script = `"${process.execPath}" "${BIN}" "${csv}" -o "${out("pipe.xlsx")}" -q | true; echo "exit=\${PIPESTATUS[0]}"`;
    const r = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      const child = spawn("bash", ["-c", script], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("close", () => resolve({ stdout, stderr }));
    });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("exit=0");
    expect(existsSync(out("pipe.xlsx"))).toBe(true);
  });

  it("echoes header text without terminal control characters", async () => {
    const csv = out("escape.csv");
    writeFileSync(csv, "\u009b31mScore\u001b[0m,City\n9,Oslo\n");
    const r = await runCli([csv, "--nps", "nope", "-o", out("escape.xlsx")]);
    expectOneLineRefusal(r, /--nps "nope": no such column \(headers: ".*Score.*", "City"\)/);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
  });
});

describe("files that are not data", () => {
  it("refuses a .js file with one line", async () => {
    const js = out("script.js");
    writeFileSync(js, "console.log(1, 2, 3);\nconst a = 1;\n");
    const r = await runCli([js, "-o", out("js.xlsx")]);
    expectOneLineRefusal(r, /script\.js is a \.js file, not data: give a CSV or an \.xlsx workbook/);
  });

  it("refuses a scorecard it built as data, and reads the copy of the data inside with --sheet", async () => {
    const csv = out("own.csv");
    writeFileSync(csv, "How likely are you to recommend us? (0-10)\n9\n7\n3\n");
    const built = out("own.xlsx");
    expect((await runCli([csv, "-o", built, "-q"])).code).toBe(0);
    const r = await runCli([built, "-o", out("own-again.xlsx")]);
    expectOneLineRefusal(r, /own\.xlsx is a scorecard this add-in built, not data: give the data it was built from, or --sheet "Data" for the copy of it inside/);
    const again = await runCli([built, "--sheet", "Data", "-o", out("own-again.xlsx"), "-q"]);
    expect(again.code).toBe(0);
  });

  it("suggests --sheet when the first sheet is empty", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Cover");
    const ws = wb.addWorksheet("Responses");
    ws.addRow(["How likely are you to recommend us? (0-10)"]);
    ws.addRow([9]);
    const path = out("cover.xlsx");
    await wb.xlsx.writeFile(path);
    const r = await runCli([path, "-o", out("cover-out.xlsx")]);
    expectOneLineRefusal(r, /sheet "Cover" is empty: expected a header row and data rows: choose the sheet with --sheet \(its other sheets: "Responses"\)/);
  });
});

/** Writes a zip (deflate), entries given as chunks so a large part never sits in memory unpacked. */
/**
 * Writes a zip of deflated entries. `lie` declares every entry 1,000 bytes unpacked (in its local
 * header and the central directory); `noDirectory` leaves out the central directory and its end
 * record, as a truncated or hand-made zip may.
 */
async function writeZip(path: string, entries: { name: string; chunks: Iterable<Buffer> }[], o: { lie?: boolean; noDirectory?: boolean } = {}): Promise<void> {
  const { createDeflateRaw, crc32 } = await import("node:zlib");
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const deflate = createDeflateRaw({ level: 1 });
    const packed: Buffer[] = [];
    deflate.on("data", (d: Buffer) => packed.push(d));
    const ended = new Promise((resolve) => deflate.on("end", resolve));
    let crc = 0;
    let size = 0;
    for (const chunk of entry.chunks) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once("drain", resolve));
    }
    deflate.end();
    await ended;
    const data = Buffer.concat(packed);
    const name = Buffer.from(entry.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(o.lie ? 1000 : size, 22);
    header.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(o.lie ? 1000 : size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(header, name, data);
    central.push(dir, name);
    offset += header.length + name.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat(o.noDirectory ? parts : [...parts, dirBytes, end]));
}

/** The parts of a small valid workbook (one sheet, NPS and a comment), but `without` those named. */
async function workbookParts(without: readonly string[]): Promise<{ name: string; chunks: Iterable<Buffer> }[]> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Responses");
  ws.addRow(["How likely are you to recommend us? (0-10)", "Comment"]);
  ws.addRow([9, "fine"]);
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const entries: { name: string; chunks: Iterable<Buffer> }[] = [];
  for (const name of Object.keys(zip.files)) {
    if (without.includes(name) || zip.files[name].dir) continue;
    entries.push({ name, chunks: [await (zip.file(name) as JSZip.JSZipObject).async("nodebuffer")] });
  }
  return entries;
}

/** Shared strings of 10,240 strings of 30 KB each (each one a cell could hold): 300 MB unpacked, under 1 MB packed. */
function hugeSharedStrings(): { name: string; chunks: Iterable<Buffer> } {
  const piece = Buffer.alloc(30 * 1024, "a");
  return {
    name: "xl/sharedStrings.xml",
    chunks: (function* () {
      yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="10240" uniqueCount="10240">');
      for (let k = 0; k < 10_240; k++) {
        yield Buffer.from("<si><t>");
        yield piece;
        yield Buffer.from("</t></si>");
      }
      yield Buffer.from("</sst>");
    })(),
  };
}

/** A command run with a 512 MB heap: a bound that holds keeps well under it; one that does not aborts Node (exit 134). */
const smallHeap = { nodeArgs: ["--max-old-space-size=512"] };

describe("zip parts bounded by the bytes they inflate to", () => {
  it("refuses a workbook whose zip directory understates its shared strings (1,000 bytes declared, 300 MB inside), at the cap, in one line", async () => {
    const path = out("lying-directory.xlsx");
    await writeZip(path, [...(await workbookParts(["xl/sharedStrings.xml"])), hugeSharedStrings()], { lie: true });
    expect(readFileSync(path).length).toBeLessThan(5 * 1024 * 1024);
    const r = await runCli([path, "-o", out("lying-out.xlsx")], smallHeap);
    expectOneLineRefusal(r, /lying-directory\.xlsx: its shared strings unpack to more than the 256 MB this command reads: save the sheet as CSV and give that/);
    expect(existsSync(out("lying-out.xlsx"))).toBe(false);
  });

  it("refuses the same workbook without a central directory or its end record", async () => {
    const path = out("no-directory.xlsx");
    await writeZip(path, [...(await workbookParts(["xl/sharedStrings.xml"])), hugeSharedStrings()], { noDirectory: true });
    const r = await runCli([path, "-o", out("no-directory-out.xlsx")], smallHeap);
    expectOneLineRefusal(r, /no-directory\.xlsx: its shared strings unpack to more than the 256 MB this command reads/);
  });

  it("refuses a sheet holding a 200 MB inline string, for the scorecard and for clv", async () => {
    const path = out("inline-string.xlsx");
    const piece = Buffer.alloc(8 << 20, "b");
    const sheet = {
      name: "xl/worksheets/sheet1.xml",
      chunks: (function* () {
        yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
        yield Buffer.from('<row r="1"><c r="A1" t="inlineStr"><is><t>NPS</t></is></c><c r="B1" t="inlineStr"><is><t>Comment</t></is></c></row>');
        yield Buffer.from('<row r="2"><c r="A2"><v>9</v></c><c r="B2" t="inlineStr"><is><t>');
        for (let k = 0; k < 25; k++) yield piece;
        yield Buffer.from("</t></is></c></row></sheetData></worksheet>");
      })(),
    };
    await writeZip(path, [...(await workbookParts(["xl/worksheets/sheet1.xml"])), sheet]);
    const message = /inline-string\.xlsx: its sheet xl\/worksheets\/sheet1\.xml holds more than 1 MB of text in one piece \(a cell holds at most 32,767 characters\)/;
    expectOneLineRefusal(await runCli([path, "-o", out("inline-out.xlsx")], smallHeap), message);
    expectOneLineRefusal(await runCli(["clv", path, "-o", out("inline-clv.xlsx")], smallHeap), message);
  });
});

describe("memory", () => {
  it("refuses an .xlsx whose shared strings unpack to more than it reads, with one line and before unpacking them", async () => {
    const ExcelJS = (await import("exceljs")).default;
    // A small valid workbook, then its shared strings replaced by 24 strings of 12.5 MB each (300 MB unpacked).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Responses");
    ws.addRow(["How likely are you to recommend us? (0-10)", "Comment"]);
    ws.addRow([9, "fine"]);
    const small = out("small-strings.xlsx");
    await wb.xlsx.writeFile(small);
    const zip = await JSZip.loadAsync(readFileSync(small));
    const entries: { name: string; chunks: Iterable<Buffer> }[] = [];
    for (const name of Object.keys(zip.files)) {
      if (name === "xl/sharedStrings.xml" || zip.files[name].dir) continue;
      entries.push({ name, chunks: [await (zip.file(name) as JSZip.JSZipObject).async("nodebuffer")] });
    }
    const piece = Buffer.alloc(12.5 * (1 << 20), "a");
    entries.push({
      name: "xl/sharedStrings.xml",
      chunks: (function* () {
        yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="24" uniqueCount="24">');
        for (let k = 0; k < 24; k++) {
          yield Buffer.from("<si><t>");
          yield piece;
          yield Buffer.from("</t></si>");
        }
        yield Buffer.from("</sst>");
      })(),
    });
    const path = out("huge-strings.xlsx");
    await writeZip(path, entries);
    expect(readFileSync(path).length).toBeLessThan(5 * 1024 * 1024);

    const r = await runCli([path, "-o", out("huge-out.xlsx")]);
    expectOneLineRefusal(r, /huge-strings\.xlsx: its shared strings unpack to 300 MB, more than the 256 MB this command reads: save the sheet as CSV and give that/);
  });
});
