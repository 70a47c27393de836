// Data beyond a sheet through the command line (issue 22): the DuckDB engine on a CSV and on a
// Parquet file says what the JavaScript engine says; --sql prints the query for DuckDB, BigQuery
// and Spark (golden texts, identifiers quoted as each requires); the DuckDB query, run by DuckDB
// itself as the oracle, gives a result that --stats builds into the scorecard the rows give.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { duckDbLoads, loadDuckDb } from "../../src/cli/duckdb";
import { ROOT, runCli, tempDir } from "./helpers";

const describeDuck = duckDbLoads() ? describe : describe.skip;
const EXAMPLE = join(ROOT, "examples", "survey-responses.csv");
const GOLDEN = join(ROOT, "test", "golden");

/** The summary without its last line (which names the output and the time taken). */
const summary = (stdout: string) => stdout.replace(/\nWrote [^\n]*\n$/, "\n").replace(/\nNotes:\n(?: {2}[^\n]*\n)*/, "\n");

async function duck(sql: string): Promise<void> {
  const d = await loadDuckDb();
  const instance = await d.DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    await c.run(sql);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe("the command line's two commands", () => {
  it("share their engine layer and Io, and do not import each other", () => {
    const imports = (file: string) => [...readFileSync(join(ROOT, "src", "cli", file), "utf8").matchAll(/^import [^;]*? from "(\.[^"]+)";/gm)].map((m) => m[1]);
    expect(imports("main.ts")).not.toContain("./clv");
    expect(imports("clv.ts")).not.toContain("./main");
    // Identifiers, table names and file paths are quoted by one module for both (sql.ts).
    expect(imports("clv.ts")).toContain("./sql");
    expect(imports("beyond.ts")).toContain("./sql");
    expect(imports("duckStats.ts")).toContain("./sql");
  });
});

describeDuck("kpi-scorecard beyond one sheet", () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir("kpi-beyond-");
  });
  afterAll(() => tmp.cleanup());

  it("builds the same scorecard with DuckDB as with JavaScript, and keeps no copy of the data", async () => {
    const js = await runCli([EXAMPLE, "-o", join(tmp.dir, "js.xlsx"), "-q", "--engine", "js"]);
    const dk = await runCli([EXAMPLE, "-o", join(tmp.dir, "duck.xlsx"), "-q", "--engine", "duckdb"]);
    expect([js.code, dk.code, dk.stderr]).toEqual([0, 0, ""]);
    expect(summary(dk.stdout)).toEqual(summary(js.stdout));
    expect(dk.stdout).toMatch(/no copy of the 3,000 data rows \(its formulas read the statistics table\)/);
    expect(js.stdout).toMatch(/data sheet "Data" \(3,000 rows/);
  }, 120_000);

  it("reads a Parquet file with either engine, to the same scorecard", async () => {
    const parquet = join(tmp.dir, "survey.parquet");
    await duck(`COPY (SELECT * FROM read_csv('${EXAMPLE}')) TO '${parquet}' (FORMAT parquet)`);
    const js = await runCli([parquet, "-o", join(tmp.dir, "pjs.xlsx"), "-q", "--engine", "js"]);
    const dk = await runCli([parquet, "-o", join(tmp.dir, "pduck.xlsx"), "-q"]);
    expect([js.code, js.stderr, dk.code, dk.stderr]).toEqual([0, "", 0, ""]);
    expect(summary(dk.stdout)).toEqual(summary(js.stdout));
    expect(dk.stdout).toMatch(/Net Promoter Score \(NPS\)/);
  }, 120_000);

  // A header that needs quoting in every dialect: a double quote, a backtick, a backslash.
  const hostile = () => {
    const path = join(tmp.dir, "hostile.csv");
    const lines = readFileSync(EXAMPLE, "utf8").split("\n");
    lines[0] = lines[0].replace("Region", '"Reg""ion `x\\"');
    writeFileSync(path, lines.join("\n"));
    return path;
  };
  const flags = ["--segment", 'Reg"ion `x\\', "--ignore", "Comment"];

  for (const dialect of ["duckdb", "bigquery", "spark"] as const) {
    it(`prints the ${dialect} query as its golden text`, async () => {
      const table = dialect === "duckdb" ? [] : ["--table", dialect === "bigquery" ? "my-project.survey.responses" : "survey.responses"];
      const r = await runCli([hostile(), ...flags, "--sql", "--dialect", dialect, ...table]);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      // The file's own path varies: the golden text names it FILE.
      const text = r.stdout.split(hostile()).join("FILE");
      const golden = join(GOLDEN, `scorecard-${dialect}.sql`);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, "utf8"));
      // Quoting as each dialect requires (checked beside the golden text, so a regenerated golden cannot hide it).
      if (dialect === "duckdb") expect(text).toContain('"Reg""ion `x\\"');
      if (dialect === "bigquery") expect(text).toContain("`Reg\"ion \\`x\\\\`");
      if (dialect === "bigquery") expect(text).toContain("FROM `my-project`.`survey`.`responses`");
      if (dialect === "spark") expect(text).toContain("`Reg\"ion ``x\\`");
      if (dialect === "spark") expect(text).toContain("FROM `survey`.`responses`");
    }, 60_000);
  }

  it("builds from the result of its DuckDB query (run by DuckDB, as CSV and as Parquet) the scorecard the rows give", async () => {
    const file = hostile();
    const printed = await runCli([file, ...flags, "--sql"]);
    expect(printed.code).toBe(0);
    const csvResult = join(tmp.dir, "result.csv");
    const parquetResult = join(tmp.dir, "result.parquet");
    const query = printed.stdout.trim().replace(/;$/, "");
    await duck(`COPY (${query}) TO '${csvResult}' (HEADER, DELIMITER ',')`);
    await duck(`COPY (${query}) TO '${parquetResult}' (FORMAT parquet)`);
    const direct = await runCli([file, ...flags, "-o", join(tmp.dir, "direct.xlsx"), "-q", "--engine", "js"]);
    const fromCsv = await runCli([file, ...flags, "-o", join(tmp.dir, "s1.xlsx"), "-q", "--stats", csvResult]);
    const fromParquet = await runCli([file, ...flags, "-o", join(tmp.dir, "s2.xlsx"), "-q", "--stats", parquetResult]);
    expect([direct.code, fromCsv.code, fromCsv.stderr, fromParquet.code, fromParquet.stderr]).toEqual([0, 0, "", 0, ""]);
    expect(summary(fromCsv.stdout)).toEqual(summary(direct.stdout));
    expect(summary(fromParquet.stdout)).toEqual(summary(direct.stdout));
    expect(fromCsv.stdout).toMatch(/no copy of the 3,000 data rows/);
  }, 180_000);

  it("refuses with one line what it cannot do", async () => {
    const cases: [string[], RegExp][] = [
      [[EXAMPLE, "--sql", "--dialect", "spark"], /--sql --dialect spark needs --table NAME/],
      [[EXAMPLE, "--sql", "--dialect", "oracle"], /--dialect "oracle" is not known/],
      [[EXAMPLE, "--table", "t"], /--table goes with --sql/],
      [[EXAMPLE, "--engine", "duckdb", "--data", "copy", "-o", join(tmp.dir, "x.xlsx")], /--data copy needs the rows in JavaScript/],
      [[EXAMPLE, "--stats", EXAMPLE, "-o", join(tmp.dir, "y.xlsx")], /is not the result of this scorecard's query/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect([args.join(" "), r.code]).toEqual([args.join(" "), 2]);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(join(tmp.dir, "x.xlsx")) || existsSync(join(tmp.dir, "y.xlsx"))).toBe(false);
  }, 120_000);
});
