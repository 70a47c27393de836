/** What the CLI says it used: the column mapping, each column left out with the reason, labels and dates as read. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type ExcelJS from "exceljs";
import { ensureBuilt, readWorkbook, runCli, tempDir } from "./helpers";
import { convertCsatLabels, isCsatLabelColumn } from "../../src/scorecard/labels";

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  ensureBuilt();
  tmp = tempDir("kpi-report-");
});
afterAll(() => tmp.cleanup());

const file = (name: string, text: string) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
};

describe("the summary", () => {
  it("names the mapping used and each column left out with its reason", async () => {
    const path = file("survey.csv", "Respondent ID,How likely are you to recommend us? (0-10),Comment,Other score\nR1,9,Great,3\nR2,7,Slow,4\nR3,3,ok,2\n");
    const r = await runCli([path, "--ignore", "Comment", "-o", join(tmp.dir, "s.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const used = lines.indexOf("Columns used:");
    const left = lines.indexOf("Columns left out:");
    expect(lines.slice(used + 1, left)).toEqual(['  B "How likely are you to recommend us? (0-10)": NPS (detected: 0..10 scores and a recommend header)']);
    expect(lines.slice(left + 1, left + 4)).toEqual([
      '  A "Respondent ID": looks like an identifier',
      '  C "Comment": --ignore',
      '  D "Other score": 1..5 scores: CSAT or another question? choose',
    ]);
  });

  it("says which flag replaced a detected column", async () => {
    const path = file("two.csv", "How likely are you to recommend us? (0-10),Second NPS\n9,1\n7,2\n3,10\n0,5\n");
    const r = await runCli([path, "--nps", "Second NPS", "-o", join(tmp.dir, "two.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  B "Second NPS": NPS (--nps)');
    expect(r.stdout).toContain('  A "How likely are you to recommend us? (0-10)": NPS is --nps Second NPS');
  });

  it("reads CSAT given as labels on its 1-5 scale and says so", async () => {
    const path = file("labels.csv", "Overall satisfaction,Region\nVery satisfied,North\nDissatisfied,South\nNeutral,North\nsatisfied,East\nVery  satisfied,East\n");
    const r = await runCli([path, "-o", join(tmp.dir, "labels.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Customer Satisfaction \(CSAT\)\s+60\.0%\s.*\s5$/m);
    expect(r.stdout).toContain('"Overall satisfaction": satisfaction labels read on the 1-5 scale (Very dissatisfied 1, Dissatisfied 2, Neutral 3, Satisfied 4, Very satisfied 5)');
  });

  it("explains a satisfaction column of words that are not on a known scale", async () => {
    const path = file("words.csv", "Satisfaction,How likely are you to recommend us? (0-10)\nHappy,9\nUnhappy,3\nHappy,10\n");
    const r = await runCli([path, "-o", join(tmp.dir, "words.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"Satisfaction" holds words ("Happy") that are not on a known satisfaction scale: write the answers as 1-5 (or Very dissatisfied .. Very satisfied) to score CSAT');
  });

  it("says how slashed dates were read", async () => {
    const path = file("dates.csv", "Response date,How likely are you to recommend us? (0-10)\n01/02/2024,9\n13/02/2024,7\n");
    const r = await runCli([path, "-o", join(tmp.dir, "dates.xlsx"), "-q"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dates of "Response date" read day-first (DD/MM/YYYY), as row 3 ("13/02/2024") shows');
  });
});

describe("an export in French, read in the user's locale", () => {
  // Dates whose days are all 12 or less: the column cannot tell day-first from month-first.
  const rows = Array.from({ length: 60 }, (_, k) => {
    const day = String(1 + (k % 12)).padStart(2, "0");
    const month = k < 30 ? "02" : "03";
    const comment = ["Très bon accueil, merci beaucoup", "Trop long, personne ne répond", "Correct sans plus, rien à signaler"][k % 3];
    return `${day}/${month}/2024;${["Nord", "Sud"][k % 2]};${(k * 7) % 11};${1 + (k % 5)};${1 + (k % 7)};${k % 4 === 0 ? 0 : 1};${comment}`;
  });
  const text = ["Date de réponse;Région;Recommandation (0-10);Satisfaction globale (1-5);Facilité (1-7);Résolu au premier contact;Commentaire", ...rows].join("\n") + "\n";

  it("maps every KPI column by its French header and reads the dates day-first, as fr_FR writes them, saying so on the sheet", async () => {
    const path = file("fr.csv", text);
    const output = join(tmp.dir, "fr.xlsx");
    const r = await runCli([path, "-o", output, "-q"], { env: { LC_ALL: "", LC_TIME: "", LANG: "fr_FR.UTF-8" } });
    expect(r.code).toBe(0);
    const used = r.stdout.split("\n").filter((l) => /^ {2}[A-G] "/.test(l));
    expect(used.map((l) => /": (.+?) \(detected/.exec(l)?.[1])).toEqual(["period (trend)", "segment", "NPS", "CSAT", "CES", "FCR", "sentiment"]);
    expect(r.stdout).toContain('dates of "Date de réponse" read day-first (DD/MM/YYYY), the order of the locale fr_FR.UTF-8: no day above 12 shows the order; give --date-format MM/DD/YYYY if they are not');
    const wb = await readWorkbook(output);
    const ws = wb.getWorksheet("KPI Scorecard") as ExcelJS.Worksheet;
    expect(String(ws.getCell("A2").value)).toContain('"Date de réponse" read day-first (DD/MM/YYYY), the order of the locale fr_FR.UTF-8 (no day above 12 decides)');
    // Day-first: February and March, 30 answers each (month-first would spread them over twelve months).
    const trend = ws.getRows(1, ws.rowCount)?.find((row) => String(row.getCell(1).value).startsWith("Trend by month"));
    expect(String(trend?.getCell(1).value)).toMatch(/^Trend by month\b/);
    expect((trend?.values as unknown[]).slice(2)).toEqual(["2024-02", "2024-03"]);
  });

  it("reads the same file month-first in an American locale", async () => {
    const r = await runCli([file("us.csv", text), "-o", join(tmp.dir, "us.xlsx"), "-q"], { env: { LC_ALL: "en_US.UTF-8" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read month-first (MM/DD/YYYY), the order of the locale en_US.UTF-8');
  });
});

describe("satisfaction labels", () => {
  it("are a label column only when nearly every answer is a label and no numbers are beside them", () => {
    expect(isCsatLabelColumn(["Very satisfied", "Neutral", null, ""])).toBe(true);
    expect(isCsatLabelColumn(["Very satisfied", "Very satisfied"])).toBe(false);
    expect(isCsatLabelColumn(["Very satisfied", "Neutral", 4])).toBe(false);
    expect(isCsatLabelColumn(["Very satisfied", "Neutral", "Happy"])).toBe(false);
  });
  it("convert in place and count the other answers", () => {
    const rows: unknown[][] = [["Very dissatisfied"], ["Somewhat satisfied"], ["N/A"], [null]];
    expect(convertCsatLabels(rows, 0)).toEqual({ converted: 2, other: 1, firstOther: "N/A" });
    expect(rows.map((r) => r[0])).toEqual([1, 4, "N/A", null]);
  });
});
