import {
  asGrid,
  parseNumericText,
  readCount,
  readFlag,
  readFlags,
  readIntegerScale,
  readNumber,
  readNumbers,
  readOption,
  readOptionalScalar,
  readScalar,
  width,
} from "../../src/kpi/coerce";
import { at } from "../../src/kpi/errors";
import { expectKpiError, ok } from "../helpers/excelArgs";

describe("readNumber (one cell of a range)", () => {
  it("reads numbers as themselves", () => {
    expect(readNumber(9)).toBe(9);
    expect(readNumber(-3.25)).toBe(-3.25);
    expect(readNumber(0)).toBe(0);
    expect(readNumber(1e300)).toBe(1e300);
  });

  it("reads text that is a number after trimming as that number", () => {
    expect(readNumber(" 9")).toBe(9);
    expect(readNumber("9.0")).toBe(9);
    expect(readNumber("\u00a07 ")).toBe(7);
    expect(readNumber("-3.5")).toBe(-3.5);
    expect(readNumber(".5")).toBe(0.5);
    expect(readNumber("+2")).toBe(2);
  });

  it("reads only plain decimals, as the portable sheet's formulas do: no tabs, exponents, separators, currency, percent or dates", () => {
    for (const cell of ["\t7", "7\t", "1e2", "1E+20", "1,000", "$5", "5%", "9/10", "9:00", "2024-01-05", "(5)", "TRUE"]) {
      expect({ cell, read: readNumber(cell) }).toEqual({ cell, read: undefined });
    }
  });

  it("treats null, undefined, empty and whitespace-only text as blank", () => {
    expect(readNumber(null)).toBeNull();
    expect(readNumber(undefined)).toBeNull();
    expect(readNumber("")).toBeNull();
    expect(readNumber("   ")).toBeNull();
    expect(readNumber("\t\n")).toBeNull();
  });

  it("does not read other text, booleans or non-finite numbers", () => {
    for (const cell of ["N/A", "-", "no answer", "1,5", "0x10", "Infinity", "NaN", "9 points", "1e999", true, false, NaN, Infinity, -Infinity, {}, [1]]) {
      expect(readNumber(cell)).toBeUndefined();
    }
  });
});

describe("parseNumericText", () => {
  it("accepts plain decimals only, not scientific notation", () => {
    expect(parseNumericText(" 42 ")).toBe(42);
    expect(parseNumericText("1.5E-3")).toBeUndefined();
    expect(parseNumericText("7.")).toBe(7);
    expect(parseNumericText("")).toBeUndefined();
    expect(parseNumericText("0b11")).toBeUndefined();
    expect(parseNumericText("1 000")).toBeUndefined();
    expect(parseNumericText("--1")).toBeUndefined();
  });
});

describe("asGrid", () => {
  it("makes a scalar a one-cell range and null an empty range", () => {
    expect(asGrid(5)).toEqual([[5]]);
    expect(asGrid("x")).toEqual([["x"]]);
    expect(asGrid(null)).toEqual([]);
    expect(asGrid(undefined)).toEqual([]);
  });

  it("keeps rows of cells, ragged ones too", () => {
    const grid = [[1, 2], [3], []];
    expect(asGrid(grid)).toBe(grid);
    expect(width(grid)).toBe(2);
    expect(width([])).toBe(0);
  });

  it("reads a flat list as a column", () => {
    expect(asGrid([1, [2, 3], 4])).toEqual([[1], [2, 3], [4]]);
  });
});

describe("readIntegerScale", () => {
  it("counts each score of the scale, skipping blanks without counting them", () => {
    const read = ok(readIntegerScale([[0, 10, null], ["", "  ", 10], [" 3", "3.0"]], 0, 10, "response"));
    expect(Array.from(read.counts)).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 2]);
    expect(read.n).toBe(5);
    expect(read.skipped).toBe(0);
  });

  it("counts other text and booleans as skipped", () => {
    const read = ok(readIntegerScale([["N/A", "-", true], [false, "no answer", 5]], 0, 10, "response"));
    expect(read.n).toBe(1);
    expect(read.skipped).toBe(5);
  });

  it("names the cell of a response off the scale, counting rows and columns from 1", () => {
    expectKpiError(readIntegerScale([[1, 2], [3, 11]], 0, 10, "response"), "#VALUE!", "response 11", "row 2, column 2", "0 to 10");
    expectKpiError(readIntegerScale([[1, 7.5]], 0, 10, "response"), "#VALUE!", "7.5", "row 1, column 2");
    expectKpiError(readIntegerScale([["-1"]], 0, 10, "response"), "#VALUE!", "-1", "row 1, column 1");
  });

  it("finds the bad cell in a ragged range by its own row and column", () => {
    expectKpiError(readIntegerScale([[1, 2, 3], [4], [5, 6, 12]], 0, 10, "response"), "#VALUE!", "row 3, column 3");
  });
});

describe("at", () => {
  it("counts rows and columns from 1 as a user does", () => {
    expect(at(0, 0)).toBe("row 1, column 1");
    expect(at(4, 2)).toBe("row 5, column 3");
  });
});

describe("readNumbers", () => {
  it("sums the numbers and counts the rows that hold one", () => {
    const s = ok(readNumbers([[1, "2"], [null, "N/A"], ["", 4], [true]], "value", false));
    expect(s.sum).toBe(7);
    expect(s.count).toBe(3);
    expect(s.rowsWithNumbers).toBe(2);
    expect(s.skipped).toBe(2);
  });

  it("rejects a negative cell by position when counts cannot be negative", () => {
    expectKpiError(readNumbers([[1], [2], [-3]], "count", true), "#VALUE!", "count -3", "row 3, column 1", "negative");
    expect(ok(readNumbers([[1], [-3]], "amount", false)).sum).toBe(-2);
  });
});

describe("readFlag and readFlags", () => {
  it("reads TRUE/FALSE, 1/0, yes/no and y/n in any case as flags", () => {
    for (const t of [true, 1, "1", " 1 ", "TRUE", "true", "Yes", "YES", "y", "Y"]) expect(readFlag(t)).toBe(true);
    for (const f of [false, 0, "0", "0.0", "FALSE", "False", "no", "NO", "n", "N"]) expect(readFlag(f)).toBe(false);
  });

  it("treats blanks as blank and other text as unreadable", () => {
    expect(readFlag(null)).toBeNull();
    expect(readFlag("  ")).toBeNull();
    expect(readFlag("maybe")).toBeUndefined();
    expect(readFlag("N/A")).toBeUndefined();
  });

  it("counts true and false flags and skipped cells", () => {
    expect(ok(readFlags([[true, "no", "maybe"], [null, 1, "Y"]]))).toEqual({ trues: 3, falses: 1, skipped: 1 });
  });

  it("rejects a number other than 0 or 1 by position", () => {
    expectKpiError(readFlags([[1], [0], [2]]), "#VALUE!", "2 at row 3, column 1", "not a flag");
  });
});

describe("readScalar", () => {
  it("reads numbers, numeric text and one-cell ranges", () => {
    expect(readScalar(5, "x")).toBe(5);
    expect(readScalar(" 5 ", "x")).toBe(5);
    expect(readScalar([[5]], "x")).toBe(5);
    expect(readScalar([["2.5"]], "x")).toBe(2.5);
  });

  it("uses the default for an omitted argument, or says the argument is required", () => {
    expect(readScalar(null, "x", { default: 3 })).toBe(3);
    expect(readScalar(undefined, "x", { default: 3 })).toBe(3);
    expect(readScalar([[null]], "x", { default: 3 })).toBe(3);
    expectKpiError(readScalar(null, "customers_start"), "#VALUE!", "customers_start is required");
  });

  it("rejects text that is not a number, booleans and multi-cell ranges", () => {
    expectKpiError(readScalar("abc", "confidence"), "#VALUE!", "confidence must be a number", '"abc"');
    expectKpiError(readScalar(true, "confidence"), "#VALUE!", "confidence must be a number");
    expectKpiError(readScalar([[1, 2]], "confidence"), "#VALUE!", "single cell");
    expectKpiError(readScalar(NaN, "confidence"), "#VALUE!");
  });
});

describe("readOptionalScalar", () => {
  it("is undefined when omitted or blank", () => {
    expect(readOptionalScalar(null, "periods")).toBeUndefined();
    expect(readOptionalScalar([[null]], "periods")).toBeUndefined();
    expect(readOptionalScalar("  ", "periods")).toBeUndefined();
    expect(readOptionalScalar(12, "periods")).toBe(12);
  });

  it("rejects unreadable text rather than ignoring it", () => {
    expectKpiError(readOptionalScalar("twelve", "periods"), "#VALUE!", "periods");
    expectKpiError(readOptionalScalar(false, "periods"), "#VALUE!", "periods");
  });
});

describe("readCount", () => {
  it("reads a count or sums a range of counts", () => {
    expect(readCount(354, "total")).toBe(354);
    expect(readCount([[100], [" 154"], [null], ["N/A"]], "total")).toBe(254);
  });

  it("rejects negative counts, as scalars and as cells", () => {
    expectKpiError(readCount(-1, "total"), "#VALUE!", "total -1", "negative");
    expectKpiError(readCount([[5], [-1]], "total"), "#VALUE!", "row 2, column 1");
  });

  it("gives #N/A for a range with nothing readable, as every range argument does", () => {
    expectKpiError(readCount([[null], ["x"]], "total"), "#N/A", "no numeric responses in the range");
  });

  it("still calls unreadable text in a scalar count #VALUE! naming it", () => {
    expectKpiError(readCount("abc", "total"), "#VALUE!", "total", "abc");
  });
});

describe("readOption", () => {
  it("matches options case-insensitively and defaults when omitted", () => {
    const methods = ["wald", "adjusted"] as const;
    expect(readOption(null, "method", methods, "wald")).toBe("wald");
    expect(readOption(" Adjusted ", "method", methods, "wald")).toBe("adjusted");
    expect(readOption([["WALD"]], "method", methods, "adjusted")).toBe("wald");
    expectKpiError(readOption("exact", "method", methods, "wald"), "#VALUE!", 'method "exact"', '"wald" or "adjusted"');
    expectKpiError(readOption(3, "method", methods, "wald"), "#VALUE!", "method");
  });
});
