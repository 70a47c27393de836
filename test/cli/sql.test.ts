/**
 * The SQL text both engines and --sql share (src/cli/sql.ts): a name or a path can never end
 * the token it is in, and DuckDB reads a path as the one file it names.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { duckDbPath, floatType, quoteIdent, quoteTable } from "../../src/cli/sql";
import { duckDbLoads } from "../../src/cli/duckdb";
import { runDuckSql, tempDir } from "./helpers";

describe("quoteIdent", () => {
  it("doubles DuckDB's double quotes", () => {
    expect(quoteIdent("duckdb", 'a"b')).toBe('"a""b"');
  });

  it("escapes BigQuery's backslash and backtick as its string literals do, so a trailing backslash cannot open the next token", () => {
    expect(quoteIdent("bigquery", "cust\\")).toBe("`cust\\\\`");
    expect(quoteIdent("bigquery", "a`b")).toBe("`a\\`b`");
    expect(quoteIdent("bigquery", "two\nlines")).toBe("`two\\nlines`");
  });

  it("doubles Spark's backtick instead of dropping it", () => {
    expect(quoteIdent("spark", "a`b")).toBe("`a``b`");
  });

  it("refuses a control character and an empty name", () => {
    expect(() => quoteIdent("duckdb", "a\u0001")).toThrow(/control characters/);
    expect(() => quoteIdent("spark", "")).toThrow(/empty name/);
  });
});

describe("quoteTable", () => {
  it("quotes each part of a qualified --table name", () => {
    expect(quoteTable("bigquery", "my-project.sales.orders")).toBe("`my-project`.`sales`.`orders`");
    expect(quoteTable("duckdb", "main.orders; DROP TABLE x")).toBe('"main"."orders; DROP TABLE x"');
  });

  it("refuses an empty part", () => {
    expect(() => quoteTable("spark", "db..orders")).toThrow(/is not a table name/);
  });
});

describe("floatType", () => {
  it("is FLOAT64 in BigQuery, which has no DOUBLE", () => {
    expect([floatType("bigquery"), floatType("spark"), floatType("duckdb")]).toEqual(["FLOAT64", "DOUBLE", "DOUBLE"]);
  });
});

describe("duckDbPath", () => {
  it("writes * ? and [ as one-character brackets and doubles quotes", () => {
    expect(duckDbPath("/d/log[1]*?.csv")).toBe("'/d/log[[]1][*][?].csv'");
    expect(duckDbPath("/d/it's.csv")).toBe("'/d/it''s.csv'");
  });

  it("refuses a name with a backslash and a glob character, which DuckDB would split", () => {
    expect(() => duckDbPath("/d/a\\[1].csv")).toThrow(/backslash and one of \* \? \[/);
  });

  (duckDbLoads() ? it : it.skip)("has DuckDB read exactly the file named, whatever its neighbours", async () => {
    const dir = tempDir("kpi-glob-");
    try {
      const sub = join(dir.dir, "d[1]");
      mkdirSync(sub);
      mkdirSync(join(dir.dir, "d1"));
      for (const [name, v] of [["d[1]/a[1].csv", 1], ["d[1]/a1.csv", 2], ["d1/a1.csv", 3], ["d[1]/b*.csv", 4], ["d[1]/bX.csv", 5], ["d[1]/c?.csv", 6], ["d[1]/cY.csv", 7]] as const) {
        writeFileSync(join(dir.dir, name), `v\n${v}\n`);
      }
      const read = async (name: string) => (await runDuckSql(`SELECT v FROM read_csv(${duckDbPath(join(dir.dir, name))})`)).map((r) => Number(r.v));
      expect(await read("d[1]/a[1].csv")).toEqual([1]);
      expect(await read("d[1]/b*.csv")).toEqual([4]);
      expect(await read("d[1]/c?.csv")).toEqual([6]);
    } finally {
      dir.cleanup();
    }
  });
});
