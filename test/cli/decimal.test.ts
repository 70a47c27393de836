/** Decimal commas: read where the file uses them (--decimal to force), or named with the reason. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { commaNumber, readCsv } from "../../src/cli/csv";
import { ensureBuilt, runCli, tempDir } from "./helpers";

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  ensureBuilt();
  tmp = tempDir("kpi-decimal-");
});
afterAll(() => tmp.cleanup());

const file = (name: string, text: string) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
};

describe("decimal commas in a CSV", () => {
  it("reads 54,21 and 1.234,5 as numbers in a semicolon-separated file", async () => {
    const path = file("semi.csv", "Region;Order value\nNorth;54,21\nSouth;1.234,5\nEast;10\n");
    const csv = await readCsv(path);
    expect(csv.decimal).toBe("comma");
    expect(csv.rows.map((r) => r[1])).toEqual([54.21, 1234.5, 10]);
    expect(csv.commaNumbers).toBe(2);
  });

  it("keeps them as text with --decimal point, and in a comma-separated file", async () => {
    const semi = await readCsv(file("semi-point.csv", "Order value;Region\n54,21;North\n"), { decimal: "point" });
    expect(semi.rows[0][0]).toBe("54,21");
    const commas = await readCsv(file("comma.csv", 'Order value\n"54,21"\n'));
    expect(commas.rows[0][0]).toBe("54,21");
  });

  it("reads only whole decimal-comma numbers", () => {
    expect(commaNumber("-3,5")).toBe(-3.5);
    expect(commaNumber("12.345.678,9")).toBe(12345678.9);
    expect(commaNumber("1,2,3")).toBeUndefined();
    expect(commaNumber("1.23,4")).toBeUndefined();
    expect(commaNumber("007,5")).toBeUndefined();
  });

  it("builds revenue per customer from decimal commas and says how the numbers were read", async () => {
    const path = file("orders.csv", "Order value;Region\n54,21;North\n45,79;South\n100;North\n");
    const r = await runCli([path, "--revenue", "Order value", "-o", join(tmp.dir, "orders.xlsx"), "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Revenue per customer\s+66\.67\s/m);
    expect(r.stdout).toMatch(/2 numbers read with a decimal comma \(54,21 as 54\.21\), as the file is separated by ";"/);
  });

  it("names the column and the reason when its numbers have decimal commas the file does not use", async () => {
    const path = file("quoted.csv", 'Order value,Region\n"54,21",North\n"45,79",South\n');
    const r = await runCli([path, "--revenue", "Order value", "-o", join(tmp.dir, "quoted.xlsx")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kpi-scorecard: --revenue "Order value": its numbers are written with a decimal comma ("54,21"), which this file does not use: give --decimal comma\n');
    const forced = await runCli([path, "--revenue", "Order value", "--decimal", "comma", "-o", join(tmp.dir, "quoted.xlsx"), "-q"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^Revenue per customer\s+50\.00\s/m);
  });
});
