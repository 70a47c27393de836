import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { castField, detectDelimiter, readCsv } from "../../src/cli/csv";
import { convertDateColumns, judgeDateColumn, parseDateText } from "../../src/cli/dates";
import { InputError } from "../../src/xlsx/types";
import { tempDir } from "./helpers";

describe("detectDelimiter", () => {
  it.each([
    ["a,b,c\n1,2,3\n4,5,6\n", ","],
    ["a;b;c\n1,5;2;3\n4;5;6\n", ";"],
    ["a\tb\tc\n1\t2\t3\n", "\t"],
    ["a|b|c\n1|2|3\n", "|"],
    ['"x,y";b\n"1,2";3\n"3,4";5\n', ";"],
    ["single column\n1\n2\n", ","],
  ])("finds the delimiter of %j", (head, expected) => {
    expect(detectDelimiter(head)).toBe(expected);
  });
});

describe("castField", () => {
  it("turns decimal numbers, spaces around them included, into numbers", () => {
    expect([castField("42"), castField("-3.5"), castField(".5"), castField("1e3"), castField("0"), castField(" 9"), castField("7 ")]).toEqual([42, -3.5, 0.5, 1000, 0, 9, 7]);
  });
  it("keeps text, leading zeros and long digit strings (identifiers) as text", () => {
    expect([castField("N/A"), castField("007"), castField("12345678901234567"), castField("1,5"), castField(" x ")]).toEqual(["N/A", "007", "12345678901234567", "1,5", " x "]);
  });
  it("reads empty and whitespace-only fields as blank", () => {
    expect([castField(""), castField("   ")]).toEqual([null, null]);
  });
});

describe("dates", () => {
  it("reads ISO dates and date-times as Excel serials", () => {
    expect(parseDateText("2024-01-01")).toBe(45292);
    expect(parseDateText("2024-01-01T12:00:00Z")).toBe(45292.5);
    expect(parseDateText("2024/02/29 06:00")).toBe(45351.25);
    expect(parseDateText("2023-02-29")).toBeUndefined();
  });
  it("reads dotted dates day first and slashed dates by the column's evidence", () => {
    expect(parseDateText("05.03.2024")).toBe(45356);
    expect(parseDateText("03/05/2024", "mdy")).toBe(45356);
    expect(parseDateText("05/03/2024", "dmy")).toBe(45356);
    expect(judgeDateColumn(["01/02/2024", "25/02/2024"]).order).toBe("dmy");
    expect(judgeDateColumn(["01/02/2024", "02/25/2024"]).order).toBe("mdy");
  });
  it("turns a column of date texts into serials and leaves number columns and stray texts alone", () => {
    const rows: unknown[][] = [["2024-01-01", 5, "x"], ["2024-01-02", 6, "2024-01-01"], [null, "2024-01-03", "y"], ["n/a", 7, "z"]];
    for (let k = 0; k < 40; k++) rows.push([`2024-02-${String((k % 28) + 1).padStart(2, "0")}`, k, "t"]);
    expect(convertDateColumns(rows, 3)).toEqual([0]);
    expect(rows[0]).toEqual([45292, 5, "x"]);
    expect(rows[1]).toEqual([45293, 6, "2024-01-01"]);
    expect(rows[2][1]).toBe("2024-01-03");
    expect(rows[3][0]).toBe("n/a");
  });
});

describe("readCsv", () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeAll(() => (tmp = tempDir("kpi-csv-")));
  afterAll(() => tmp.cleanup());
  const file = (name: string, text: string | Buffer) => {
    const p = join(tmp.dir, name);
    writeFileSync(p, text);
    return p;
  };

  it("reads quoted fields with delimiters, quotes and line breaks, a BOM, and pads short rows", async () => {
    const p = file("q.csv", '\uFEFFid;note;score\r\n1;"a; ""b""\r\nc";9\r\n2;;\r\n3\r\n\r\n;;\r\n');
    const { table, delimiter } = await readCsv(p);
    expect(delimiter).toBe(";");
    expect(table.headers).toEqual(["id", "note", "score"]);
    expect(table.rows).toEqual([[1, 'a; "b"\r\nc', 9], [2, null, null], [3, null, null]]);
  });

  it("names empty headers by their column letter", async () => {
    const { table } = await readCsv(file("h.csv", "a,,c\n1,2,3\n"));
    expect(table.headers).toEqual(["a", "Column B", "c"]);
  });

  it.each([
    ["missing.csv", null, /no such file/],
    ["empty.csv", "", /is empty/],
    ["utf16.csv", Buffer.from([0xff, 0xfe, 0x61, 0x00]), /UTF-16/],
    ["zip.csv", Buffer.from("PK\u0003\u0004rest"), /zip file/],
    ["binary.csv", Buffer.from([0x61, 0x00, 0x62, 0x0a]), /not a text file/],
    ["headeronly.csv", "a,b\n", /no data rows/],
  ])("rejects %s with one line", async (name, content, message) => {
    const p = content === null ? join(tmp.dir, name) : file(name, content);
    await expect(readCsv(p)).rejects.toThrow(InputError);
    await expect(readCsv(p)).rejects.toThrow(message);
  });

  it("shares repeated short texts between rows instead of copying them", async () => {
    const lines = ["seg,score", ...Array.from({ length: 100 }, (_, k) => `${k % 2 ? "North" : "South"},${k % 11}`)];
    const { table } = await readCsv(file("intern.csv", lines.join("\n")));
    expect(table.rows[0][0]).toBe("South");
    expect(table.rows.filter((r) => r[0] === "North")).toHaveLength(50);
  });
});

describe("readCsv and line endings", () => {
  const dir = tempDir("kpi-csv-eol-");
  afterAll(() => dir.cleanup());
  const rowsOf = async (name: string, text: string) => {
    const path = join(dir.dir, name);
    writeFileSync(path, text);
    return (await readCsv(path)).rows;
  };
  const answers = Array.from({ length: 400 }, (_, k) => k % 11);

  it("reads every record of a CRLF file with LF records appended, none merged", async () => {
    const rows = await rowsOf("crlf-lf.csv", `NPS\r\n${answers.slice(0, 300).join("\r\n")}\r\n${answers.slice(300).join("\n")}\n`);
    expect(rows.map((r) => r[0])).toEqual(answers);
  });

  it("reads an LF file with CRLF records appended without leaving a carriage return in the last field", async () => {
    const rows = await rowsOf("lf-crlf.csv", `NPS,Region\n${answers.slice(0, 200).map((a) => `${a},N`).join("\n")}\n${answers.slice(200).map((a) => `${a},S`).join("\r\n")}\r\n`);
    expect(rows).toHaveLength(400);
    expect(rows.every((r) => r[1] === "N" || r[1] === "S")).toBe(true);
  });

  it("reads CR-only and mixed CR, LF and CRLF line ends alike", async () => {
    const mixed = answers.map((a, k) => `${a}${["\r", "\n", "\r\n"][k % 3]}`).join("");
    expect((await rowsOf("mixed.csv", `NPS\r${mixed}`)).map((r) => r[0])).toEqual(answers);
  });
});
