// A survey for the key-driver tests: NPS moved most by speed, then agent, little by price, with
// effort and first-contact resolution, a few blanks and "N/A" (seeded, the same on every run).
import type { ColumnMapping, DataTable, ScorecardSpec } from "../../src/scorecard/types";
import { mulberry32 } from "../../src/why/random";

export const HEADERS = ["Recommend (0-10)", "Overall satisfaction (1-5)", "Effort (1-7)", "Resolved?", "Agent (1-5)", "Speed (1-5)", "Pricing (1-5)", "Region"];
export const COLUMNS: ColumnMapping[] = [
  { index: 0, header: HEADERS[0], role: "nps" },
  { index: 1, header: HEADERS[1], role: "csat" },
  { index: 2, header: HEADERS[2], role: "ces" },
  { index: 3, header: HEADERS[3], role: "fcr" },
  { index: 4, header: HEADERS[4], role: "cx" },
  { index: 5, header: HEADERS[5], role: "cx" },
  { index: 6, header: HEADERS[6], role: "cx" },
  { index: 7, header: HEADERS[7], role: "segment" },
];

/** 600 answers: NPS moved most by speed, then agent, little by price; a few blanks and "N/A". */
export function survey(flagsAsText = true): DataTable {
  const random = mulberry32(23);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
  const rows = Array.from({ length: 600 }, (_, i) => {
    const [agent, speed, price] = [clamp(3.9 + normal(), 1, 5), clamp(3 + normal(), 1, 5), clamp(3.2 + normal(), 1, 5)];
    const effort = clamp(5 + normal(), 1, 7);
    const resolved = random() < 0.7;
    const nps = clamp(1.2 * speed + 0.8 * agent + 0.15 * price + 0.3 * effort + (resolved ? 0.5 : 0) - 3 + 1.3 * normal(), 0, 10);
    const messy = (v: number) => (random() < 0.03 ? "" : random() < 0.02 ? "N/A" : v);
    return [messy(nps), clamp(nps / 2.2 + 0.5, 1, 5), messy(effort), flagsAsText ? (resolved ? "Yes" : "No") : resolved ? 1 : 0, messy(agent), messy(speed), messy(price), i % 2 ? "North" : "South"];
  });
  return { headers: HEADERS, rows };
}

export function spec(overrides: Partial<ScorecardSpec> = {}): ScorecardSpec {
  return { version: 1, source: { sheet: "Survey", address: "A1:H601" }, columns: COLUMNS, aggregates: {}, kpis: {}, mode: "portable", trend: "month", ...overrides };
}

/** The block's drivers in that survey: effort, resolution, agent, speed, price. */
export const DRIVERS = { outcome: 0, columns: [2, 3, 4, 5, 6] };
