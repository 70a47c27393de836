import fc from "fast-check";
import { fileFormula, renameFunctions, sheetFormula } from "../../src/xlsx/formulas";

/** The reading renameFunctions replaced, character by character (without the 80-character window it looked for a name in): the reference its one regular expression must match. */
function renameByCharacter(body: string, rename: (name: string) => string): string {
  let out = "";
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < body.length && !(body[j] === ch && body[j + 1] !== ch)) j += body[j] === ch ? 2 : 1;
      out += body.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_.]*(?=\()/.exec(body.slice(i));
    if (m && (i === 0 || !/[A-Za-z0-9_.]/.test(body[i - 1]))) {
      out += rename(m[0]);
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

describe("fileFormula", () => {
  it("drops the = and prefixes functions newer than Excel 2007 with _xlfn.", () => {
    expect(fileFormula("=NORM.S.INV(0.975)*SQRT(A1)")).toBe("_xlfn.NORM.S.INV(0.975)*SQRT(A1)");
    expect(fileFormula("=IFNA(HSTACK(A1:A2,B1:B2),0)")).toBe("_xlfn.IFNA(_xlfn.HSTACK(A1:A2,B1:B2),0)");
    expect(fileFormula('=IF(A1="IFS(x)",1,0)')).toBe('IF(A1="IFS(x)",1,0)');
    expect(fileFormula("=_xlfn.IFS(A1,1)")).toBe("_xlfn.IFS(A1,1)");
  });

  it("stores the add-in's functions as Excel stores a JavaScript custom function: _xldudf_ and underscores for dots", () => {
    expect(fileFormula("=KPI.NPS(Data!$B$2:$B$9)")).toBe("_xldudf_KPI_NPS(Data!$B$2:$B$9)");
    expect(fileFormula("=INDEX(KPI.NPS.CI(B2:B9,0.9),1)-KPI.NPS.MOE(B2:B9)")).toBe("INDEX(_xldudf_KPI_NPS_CI(B2:B9,0.9),1)-_xldudf_KPI_NPS_MOE(B2:B9)");
    expect(fileFormula("=IFNA(KPI.CLV.PREDICT(1,2),0)")).toBe("_xlfn.IFNA(_xldudf_KPI_CLV_PREDICT(1,2),0)");
  });

  it("leaves KPI names inside text and quoted sheet names alone", () => {
    expect(fileFormula("=KPI.NPS('KPI.NPS(Data'!$A$2:$A$9)")).toBe("_xldudf_KPI_NPS('KPI.NPS(Data'!$A$2:$A$9)");
    expect(fileFormula('=IF(A1="KPI.CSAT(x)",KPI.CSAT(B2:B3),"")')).toBe('IF(A1="KPI.CSAT(x)",_xldudf_KPI_CSAT(B2:B3),"")');
    expect(fileFormula("=MYKPI.NPS(A1)")).toBe("MYKPI.NPS(A1)");
  });
});

describe("renameFunctions", () => {
  it("renames what a character-by-character reading renames, in any mix of names, literals, quotes and brackets", () => {
    const piece = fc.constantFrom("KPI.NPS", "IFNA", "_xlfn.IFS", "SUM", "A1", "B$2", "x", "9", ".", "_", "(", ")", ",", '"', "'", '""', "''", " ", "!", ":", "&", "KPI.CLV.PREDICT", "MYKPI.NPS");
    const mark = (name: string) => `<${name}>`;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const body = pieces.join("");
        expect(renameFunctions(body, mark)).toBe(renameByCharacter(body, mark));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("sheetFormula", () => {
  it("reads both stored forms of a custom function back as the cell shows it", () => {
    expect(sheetFormula("_xldudf_KPI_NPS_MOE(B2:B9,0.9)")).toBe("=KPI.NPS.MOE(B2:B9,0.9)");
    expect(sheetFormula("KPI.NPS_MOE(B2:B9)")).toBe("=KPI.NPS_MOE(B2:B9)");
    expect(sheetFormula("KPI.NPS(B2:B9)")).toBe("=KPI.NPS(B2:B9)");
    expect(sheetFormula("_xlfn.IFNA(_xldudf_KPI_CSAT(C2:C9),\"_xldudf_KPI_X(\")")).toBe('=IFNA(KPI.CSAT(C2:C9),"_xldudf_KPI_X(")');
  });

  it("undoes fileFormula for every formula the planner writes", () => {
    for (const f of ["=KPI.NPS(Data!$D$2:$D$3001)", "=_xlfn.NORM.S.INV(0.975)", "=IFNA(KPI.FCR.CI(E2:E9),\"\")", "=SUM('KPI.NPS(x'!A1:A2)"]) {
      const shown = f.replace("_xlfn.", "");
      expect(sheetFormula(fileFormula(f))).toBe(shown);
    }
  });
});
