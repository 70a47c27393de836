/** The survey the browser test selects, and the KPI values expected from it. Shared by Node and the page. */
import { monthSerial, seeded } from "../helpers/surveyData";

export const PANE_HEADERS = ["Respondent email", "How likely are you to recommend us?", "Score", "Plan", "Response date"];
export const PLANS = ["Basic", "Pro", "Enterprise"];
export const PANE_ROWS = 120;

export function paneSurvey(): (string | number)[][] {
  const rnd = seeded(2025);
  const rows: (string | number)[][] = [];
  for (let i = 0; i < PANE_ROWS; i++) {
    const plan = PLANS[i % PLANS.length];
    const lift = plan === "Enterprise" ? 2 : plan === "Pro" ? 1 : 0;
    const nps = Math.min(10, 3 + Math.floor(rnd() * 7) + lift);
    const score = Math.min(5, 1 + Math.floor(rnd() * 4) + (lift > 0 ? 1 : 0));
    rows.push([`customer${i + 1}@example.org`, nps, score, plan, monthSerial(i % 6, 1 + (i % 27))]);
  }
  return rows;
}

export function expectedNps(scores: readonly number[]): number {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return ((promoters - detractors) / scores.length) * 100;
}

export function expectedCsat(scores: readonly number[]): number {
  return scores.filter((s) => s >= 4).length / scores.length;
}
