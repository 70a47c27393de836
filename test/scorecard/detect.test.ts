import { detectColumns, DETECTION_SAMPLE_ROWS } from "../../src/scorecard/detect";
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
