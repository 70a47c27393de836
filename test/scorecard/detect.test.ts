import { detectColumns, DETECTION_SAMPLE_ROWS, headerScale } from "../../src/scorecard/detect";
import type { DataTable } from "../../src/scorecard/types";

/** One column of data under a header, repeated from the given values. */
function column(header: string, values: unknown[], rows = 60): DataTable {
  return { headers: [header], rows: Array.from({ length: rows }, (_, k) => [values[k % values.length]]) };
}

const roleOf = (header: string, values: unknown[]) => detectColumns(column(header, values))[0].role;

describe("column detection", () => {
  it("proposes NPS for 0..10 scores under a recommend header", () => {
    expect(roleOf("How likely are you to recommend us?", [0, 3, 7, 9, 10, 8])).toBe("nps");
  });

  it("proposes NPS for 0..10 scores with zeros even without a telling header", () => {
    expect(roleOf("Q1", [0, 2, 6, 9, 10, 5])).toBe("nps");
  });

  it("proposes CSAT for 1..5 scores under a satisfaction header", () => {
    expect(roleOf("Overall satisfaction", [1, 2, 3, 4, 5])).toBe("csat");
  });

  it("proposes CES for 1..7 scores under an effort header", () => {
    expect(roleOf("The company made it easy to handle my issue", [1, 4, 7, 6, 5])).toBe("ces");
  });

  it("proposes FCR for yes/no values under a resolved header", () => {
    expect(roleOf("Issue resolved on first contact?", ["yes", "no", "Yes", "y"])).toBe("fcr");
  });

  it("proposes a segment for a few repeated text values", () => {
    expect(roleOf("Region", ["North", "South", "East", "West"])).toBe("segment");
  });

  it("says a segment's distinct values are counted in the sample, which a sorted export can fill with one value", () => {
    const sorted: DataTable = { headers: ["Region"], rows: [...Array.from({ length: 1200 }, () => ["North"]), ...Array.from({ length: 600 }, (_, k) => [k % 2 ? "South" : "East"])] };
    const [p] = detectColumns(sorted);
    expect(p.role).toBe("segment");
    expect(p.reason).toBe(`1 distinct value in the first ${DETECTION_SAMPLE_ROWS} answers`);
    expect(detectColumns(column("Region", ["North", "South", "", "West"]))[0].reason).toBe("3 distinct values in the first 45 answers");
  });

  it("proposes the period for Excel dates under a date header", () => {
    expect(roleOf("Response date", [45292, 45300.5, 45400, 45500])).toBe("period");
  });

  it("proposes the period for ISO date text", () => {
    expect(roleOf("Submitted", ["2025-01-03", "2025-02-14 10:30", "2025-03-01"])).toBe("period");
  });

  it("proposes revenue for amounts", () => {
    expect(roleOf("Order value", [19.99, 250, 74.5, 12])).toBe("revenue");
  });

  it("proposes sentiment for long free text", () => {
    const comments = Array.from({ length: 30 }, (_, k) => `The support agent number ${k} was friendly but slow to answer`);
    expect(roleOf("Any other comments?", comments)).toBe("sentiment");
  });

  it("proposes engagement for action counts", () => {
    expect(roleOf("Logins last 30 days", [0, 3, 12, 40, 7])).toBe("engagement");
  });

  it("leaves an ambiguous 1..5 column without a telling header for the user to decide", () => {
    const [p] = detectColumns(column("Q7", [1, 2, 3, 4, 5]));
    expect(p.role).toBeNull();
    expect(p.reason).toMatch(/choose/);
  });

  it("does not map identifiers even when they are small numbers", () => {
    expect(roleOf("Customer ID", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBeNull();
  });

  it("refuses NPS for a recommend header whose values are off the 0..10 scale", () => {
    const [p] = detectColumns(column("Would recommend (%)", [35, 80, 120]));
    expect(p.role).toBeNull();
    expect(p.reason).toMatch(/off its scale/);
  });

  it("leaves an empty column unmapped and says why", () => {
    const [p] = detectColumns(column("Notes", [null, "", "  "]));
    expect(p.role).toBeNull();
    expect(p.reason).toBe("no values in the sample");
  });

  it("reads numeric text and skips blanks and N/A when profiling", () => {
    expect(roleOf("Likelihood to recommend", [" 9", "10", null, "N/A", 0, "6", 7, 8])).toBe("nps");
  });

  it("looks at a bounded sample, not the whole column", () => {
    const rows = Array.from({ length: DETECTION_SAMPLE_ROWS + 500 }, (_, k) => [k < DETECTION_SAMPLE_ROWS ? (k % 5) + 1 : 99]);
    expect(detectColumns({ headers: ["Satisfaction"], rows })[0].role).toBe("csat");
  });

  it("keeps the column order and headers of the table", () => {
    const table: DataTable = { headers: ["Region", "NPS"], rows: [["North", 9], ["South", 3], ["North", 10]] };
    expect(detectColumns(table).map((p) => [p.index, p.header, p.role])).toEqual([[0, "Region", "segment"], [1, "NPS", "nps"]]);
  });
});

describe("detection of complaints and question batteries on a realistic export", () => {
  // A survey tool's export: id, date, region, NPS, CSAT, four agreement statements, a complaint
  // flag, a complaint count and comments.
  const headers = [
    "Response ID", "Submitted at", "Region", "How likely are you to recommend us? (0-10)", "Overall satisfaction (1-5)",
    "The staff were friendly", "The product met my needs", "Prices are fair", "Delivery was on time",
    "Complained?", "Number of complaints", "Comments",
  ];
  const rows = Array.from({ length: 120 }, (_, k) => [
    `R-${1000 + k}`, `2025-0${1 + (k % 6)}-1${k % 10}`, ["North", "South", "East"][k % 3], (k * 7) % 11, 1 + (k % 5),
    1 + ((k * 3) % 5), 1 + ((k * 2) % 5), 1 + ((k + 2) % 5), 1 + ((k * 4) % 5),
    k % 9 === 0 ? "Yes" : "No", k % 9 === 0 ? 1 + (k % 2) : 0, k % 4 === 0 ? `Order ${k} arrived late and nobody answered my emails` : "",
  ]);
  const proposals = detectColumns({ headers, rows });
  const role = (header: string) => proposals.find((p) => p.header === header)?.role;

  it("proposes the complaint flag and the complaint count as complaints", () => {
    expect(role("Complained?")).toBe("complaints");
    expect(role("Number of complaints")).toBe("complaints");
    expect(proposals.find((p) => p.header === "Number of complaints")?.reason).toMatch(/counts/);
  });

  it("proposes the run of agreement statements as one battery for the CX index, and keeps NPS and CSAT apart", () => {
    for (const h of headers.slice(5, 9)) expect(role(h)).toBe("cx");
    expect(proposals[5].reason).toMatch(/4 adjacent 1..5 questions/);
    expect(role("How likely are you to recommend us? (0-10)")).toBe("nps");
    expect(role("Overall satisfaction (1-5)")).toBe("csat");
    expect(role("Region")).toBe("segment");
  });

  it("proposes no battery for fewer than three adjacent 1..5 columns", () => {
    const two = detectColumns({ headers: ["Q1", "Q2", "Region"], rows: rows.map((r) => [r[5], r[6], r[2]]) });
    expect(two.map((p) => p.role)).toEqual([null, null, "segment"]);
  });

  it("proposes a complaint header with a plain 0/1 column", () => {
    expect(roleOf("Complaint", [0, 1, 0, 0])).toBe("complaints");
  });
});

describe("a scale written in the header", () => {
  it("reads (0-10), 1-5, 1 to 7, 0..10 and the words of other languages, and nothing else", () => {
    expect(["Recommandation (0-10)", "Satisfaction 1-5", "Effort, 1 to 7", "Q3 [0..10]", "Note de 1 à 5", "Bewertung 1 bis 7", "Score 1 tot 5", "Nota 0 a 10", "Likely (0\u201310)"].map(headerScale)).toEqual([
      { lo: 0, hi: 10 }, { lo: 1, hi: 5 }, { lo: 1, hi: 7 }, { lo: 0, hi: 10 }, { lo: 1, hi: 5 }, { lo: 1, hi: 7 }, { lo: 1, hi: 5 }, { lo: 0, hi: 10 }, { lo: 0, hi: 10 },
    ]);
    expect(["Survey 2024-5", "Order value", "Top 10", "Q1 2025", "Score (1-100)", "Version 1.5-7"].map(headerScale)).toEqual([null, null, null, null, null, null]);
  });

  it("makes a 0..10 column NPS whatever the language of its header", () => {
    expect(roleOf("Recommandation (0-10)", [3, 7, 9, 10, 8, 6])).toBe("nps");
    expect(detectColumns(column("Frage 4 (0-10)", [2, 5, 9, 10, 8]))[0].reason).toBe("0..10 scores and a 0-10 scale in the header");
  });

  it("refuses values off the scale the header writes instead of guessing", () => {
    const [p] = detectColumns(column("Q5 (1-5)", [1, 3, 6, 7]));
    expect([p.role, p.reason]).toEqual([null, "the values (1..7) are off the 1-5 scale the header writes"]);
  });

  it("keeps a 0-10 satisfaction question out of NPS", () => {
    expect(roleOf("Satisfaction (0-10)", [2, 5, 9, 10, 8])).toBeNull();
  });
});

describe("a first-contact resolution column", () => {
  it("is FCR when it holds 1/0 under a resolution header, in any of the languages", () => {
    expect(roleOf("Résolu au premier contact", [1, 0, 1, 1])).toBe("fcr");
    expect(roleOf("Issue resolved?", [1, 0, 1, 1])).toBe("fcr");
  });

  it("is left for the user, with the reason, when its answers are words FCR does not read as flags", () => {
    const [p] = detectColumns(column("Résolu au premier contact", ["oui", "non", "Oui"]));
    expect([p.role, p.reason]).toEqual([null, 'a resolution header, but its answers ("oui", "non") are not flags FCR reads (TRUE/FALSE, 1/0, yes/no, y/n): write them so to map it']);
  });
});

describe("a 0..10 column without a telling header", () => {
  it("is NPS when answers run above 7, even with no 0 in the sample", () => {
    expect(roleOf("Q1", [1, 3, 6, 8, 9, 10])).toBe("nps");
    // The first 200 rows hold no 0: the sample never saw one.
    const rows = Array.from({ length: 400 }, (_, k) => [k < DETECTION_SAMPLE_ROWS ? 1 + (k % 10) : k % 11]);
    expect(detectColumns({ headers: ["Q2"], rows })[0].role).toBe("nps");
  });

  it("is not NPS when no answer is above 7 (a 1..7 scale)", () => {
    expect(roleOf("Q1", [1, 3, 6, 7, 2])).toBeNull();
  });
});

describe("headers in French, German, Spanish, Portuguese, Italian and Dutch", () => {
  const nps = [0, 3, 7, 9, 10, 8, 6];
  const csat = [1, 2, 3, 4, 5];
  const ces = [1, 4, 7, 6, 5, 2];
  const fcr = ["yes", "no", "yes"];
  const comments = Array.from({ length: 30 }, (_, k) => `Réponse numéro ${k}, le service était bien mais lent`);
  const cases: [string, string, unknown[], string][] = [
    ["fr", "Probabilité de nous recommander", nps, "nps"],
    ["fr", "Satisfaction globale", csat, "csat"],
    ["fr", "Facilité de la démarche", ces, "ces"],
    ["fr", "Problème résolu au premier contact ?", fcr, "fcr"],
    ["fr", "Commentaire", comments, "sentiment"],
    ["de", "Wie wahrscheinlich würden Sie uns weiterempfehlen?", nps, "nps"],
    ["de", "Gesamtzufriedenheit", csat, "csat"],
    ["de", "Aufwand für Ihr Anliegen", ces, "ces"],
    ["de", "Beim Erstkontakt gelöst?", fcr, "fcr"],
    ["de", "Anmerkungen", comments, "sentiment"],
    ["es", "¿Qué tan probable es que nos recomiende?", nps, "nps"],
    ["es", "Satisfacción general", csat, "csat"],
    ["es", "Esfuerzo para resolver su problema", ces, "ces"],
    ["es", "¿Resuelto en el primer contacto?", fcr, "fcr"],
    ["es", "Comentarios", comments, "sentiment"],
    ["pt", "Probabilidade de recomendar", nps, "nps"],
    ["pt", "Satisfação geral", csat, "csat"],
    ["pt", "Esforço para resolver", ces, "ces"],
    ["pt", "Resolvido no primeiro contato?", fcr, "fcr"],
    ["pt", "Observações", comments, "sentiment"],
    ["it", "Probabilità di consigliarci", nps, "nps"],
    ["it", "Soddisfazione complessiva", csat, "csat"],
    ["it", "Facilità della pratica", ces, "ces"],
    ["it", "Risolto al primo contatto?", fcr, "fcr"],
    ["it", "Commenti", comments, "sentiment"],
    ["nl", "Hoe waarschijnlijk is het dat u ons aanbeveelt?", nps, "nps"],
    ["nl", "Tevredenheid", csat, "csat"],
    ["nl", "Hoeveel moeite kostte het?", ces, "ces"],
    ["nl", "Opgelost bij eerste contact?", fcr, "fcr"],
    ["nl", "Opmerkingen", comments, "sentiment"],
  ];
  it.each(cases)("%s: %s", (_lang, header, values, role) => {
    expect(roleOf(header, values)).toBe(role);
  });
});
