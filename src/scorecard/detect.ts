/**
 * Column detection: proposes what each column of a data sample holds, from its header and
 * its values. Proposals are suggestions the user confirms; an unrecognisable column gets
 * `role: null` with the reason, never a guess dressed up as certainty.
 */
import { readFlag, readNumber } from "../kpi";
import type { ColumnRole, DataTable } from "./types";

export interface ColumnProposal {
  readonly index: number;
  readonly header: string;
  readonly role: ColumnRole | null;
  readonly reason: string;
}

/** How many rows detection looks at: enough to see the scale, never the whole sheet. */
export const DETECTION_SAMPLE_ROWS = 200;

/**
 * Header words per role, matched on the header in lower case without accents ("Résolu" reads
 * "resolu"), in English, French, German, Spanish, Portuguese, Italian and Dutch for the survey
 * KPIs and comments: "Recommandation", "Weiterempfehlung", "Satisfacción", "Soddisfazione",
 * "Tevredenheid", "Facilité", "Aufwand", "Gelöst beim Erstkontakt", "Commentaires",
 * "Opmerkingen". The first role whose words match wins.
 */
const KEYWORDS: readonly [ColumnRole, RegExp][] = [
  ["complaints", /complain|beschwerde|reklamation|plainte|reclamation|\bqueja|reclamacao|reclamo|klacht/],
  ["nps", /recommend|\bnps\b|promot|likely|likelihood|recommand|empfehl|recomend|recomiend|raccomand|consigli(?:er|ar)|aanbev|aanra(?:den|adt)/],
  ["csat", /satisf|\bcsat\b|zufrieden|soddisf|tevreden/],
  ["ces", /effort|\beas(?:y|e|ily)\b|\bces\b|\bfacil(?:e|es|ement|ite|ita|idad|idade|mente)?\b|aufwand|einfach|\bmuhe|esfuerzo|esforco|sforzo|moeite|gemak|makkelijk|eenvoudig/],
  ["fcr", /resolv|resolu|\bfcr\b|first.?(?:contact|call|time)|resuel|risolt|risoluz|gelost|geklart|erstkontakt|opgelost|premier (?:contact|appel)|primer contacto|primeiro conta(?:c)?to|primo contatto|eerste contact/],
  ["sentiment", /comment|kommentar|feedback|verbatim|review|remark|remarque|free.?text|freitext|\bwhy\b|\bnotes?\b|opinio|\bavis\b|anmerkung|bemerkung|ruckmeldung|comentario|observac|osservazion|opmerking|toelichting|\bpourquoi\b|\bwarum\b|\bpor que\b|\bporque\b|\bperche\b|\bwaarom\b/],
  ["impact", /impact/],
  ["engagement", /login|visit|session|click|open|action|engage|usage|page.?view|download/],
  ["revenue", /revenue|amount|spend|order.?value|sales|\bprice\b|\bvalue\b|\btotal\b|purchase/],
  ["period", /date|time|month|week|day|period|created|submitted|timestamp|quarter|datum|fecha|monat|maand|\bmois\b|trimestre|quartal/],
  ["segment", /region|segment|country|plan|tier|channel|team|product|category|group|market|industry|city|state|type|\bpays\b|\bland\b|\bpais\b|paese|canal|kanal|produ(?:kt|it|cto|to)|prodotto|categor|\bville\b|stadt|ciudad|cidade|citta/],
];

/** A header as the keywords read it: lower case, accents taken off ("Résolu" -> "resolu", "Mühe" -> "muhe"). */
export function headerWords(header: string): string {
  return header.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The answer scale a header writes ("(0-10)", "1-5", "1 to 7", "0..10", "1 à 5", "1 bis 7",
 * "1 tot 5"), or null: a bottom of 0 or 1 and a top from 2 to 11.
 */
export function headerScale(header: string): { readonly lo: number; readonly hi: number } | null {
  const m = /(?:^|[^\d.,])([01])\s*(?:-|\u2013|\u2014|\.\.|to|a|bis|tot|ate)\s*(\d{1,2})(?![\d.,]*\d)/.exec(headerWords(header));
  if (!m) return null;
  const [lo, hi] = [Number(m[1]), Number(m[2])];
  return hi >= 2 && hi <= 11 && hi > lo ? { lo, hi } : null;
}
const IDENTIFIER = /(^|\b|_)(id|email|e-mail|name|phone|uuid|key|code)(\b|_|$)/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?/;

interface Profile {
  nonBlank: number;
  numbers: number[];
  flags: number;
  isoDates: number;
  texts: string[];
}

function profile(rows: DataTable["rows"], col: number): Profile {
  const p: Profile = { nonBlank: 0, numbers: [], flags: 0, isoDates: 0, texts: [] };
  for (const row of rows.slice(0, DETECTION_SAMPLE_ROWS)) {
    const cell = row[col];
    const n = readNumber(cell);
    if (n === null) continue;
    p.nonBlank++;
    if (typeof n === "number") p.numbers.push(n);
    const f = readFlag(cell);
    // Flag words and TRUE/FALSE: flags that are not numbers (1/0 count as numbers).
    if (typeof f === "boolean" && n === undefined) p.flags++;
    if (typeof cell === "string" && n === undefined) {
      if (ISO_DATE.test(cell.trim())) p.isoDates++;
      else p.texts.push(cell.trim());
    }
  }
  return p;
}

function keywordRole(header: string): ColumnRole | null {
  const words = headerWords(header);
  for (const [role, re] of KEYWORDS) if (re.test(words)) return role;
  return null;
}

/** Fewest adjacent 1..5 columns proposed as a question battery. */
export const BATTERY_MIN = 3;

/** Hints that keep a 1..5 column out of a battery: it is a KPI question of its own. */
const OWN_KPI_HINTS: readonly (ColumnRole | null)[] = ["nps", "csat", "fcr", "complaints"];

/**
 * Proposes a role per column. A run of BATTERY_MIN or more adjacent columns of whole numbers
 * on 1..5 (agreement questions), none of them telling a KPI of its own by its header, is
 * proposed as a question battery: the CX index.
 */
export function detectColumns(table: DataTable): ColumnProposal[] {
  const proposals = proposeEach(table);
  const agreement = table.headers.map((header, index) => {
    const { numbers: nums, nonBlank } = profile(table.rows, index);
    const p = proposals[index];
    return (p.role === null || p.role === "ces") && !OWN_KPI_HINTS.includes(keywordRole(header)) && nums.length >= Math.max(2, 0.8 * nonBlank) &&
      nums.every((v) => Number.isInteger(v) && v >= 1 && v <= 5) && Math.max(...nums) > Math.min(...nums);
  });
  for (let start = 0; start < proposals.length; ) {
    let end = start;
    while (end < proposals.length && agreement[end]) end++;
    if (end - start >= BATTERY_MIN) {
      for (let k = start; k < end; k++) {
        proposals[k] = { ...proposals[k], role: "cx", reason: `one of ${end - start} adjacent 1..5 questions: a battery for the CX index` };
      }
    }
    start = Math.max(end, start + 1);
  }
  return proposals;
}

function proposeEach(table: DataTable): ColumnProposal[] {
  return table.headers.map((header, index) => {
    const propose = (role: ColumnRole | null, reason: string): ColumnProposal => ({ index, header, role, reason });
    const p = profile(table.rows, index);
    const hinted = keywordRole(header);
    if (p.nonBlank === 0) return propose(null, "no values in the sample");
    const share = (k: number) => k / p.nonBlank;
    const nums = p.numbers;
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    const integers = nums.every((v) => Number.isInteger(v));
    const numeric = share(nums.length) >= 0.8;

    if (hinted === "complaints" && share(p.flags + nums.filter((v) => v >= 0 && Number.isInteger(v)).length) >= 0.8) {
      return propose("complaints", p.flags > 0 ? "yes/no flags and a complaint header" : "counts and a complaint header");
    }
    if (share(p.flags + nums.filter((v) => v === 0 || v === 1).length) >= 0.8 && p.flags > 0) {
      return hinted === "fcr" || hinted === null
        ? propose(hinted === "fcr" ? "fcr" : null, hinted === "fcr" ? "yes/no flags and a resolution header" : "yes/no flags: map to FCR if they mark first-contact resolution")
        : propose(hinted === "segment" ? "segment" : null, "yes/no flags");
    }
    if (hinted === "fcr" && nums.length > 0 && share(nums.filter((v) => v === 0 || v === 1).length) >= 0.8) {
      return propose("fcr", "1/0 flags and a resolution header");
    }
    if (hinted === "fcr" && p.texts.length > 0 && share(p.texts.length) >= 0.8 && new Set(p.texts.map((t) => t.toLowerCase())).size <= 3) {
      const words = [...new Set(p.texts.map((t) => t.toLowerCase()))].map((t) => `"${t}"`).join(", ");
      return propose(null, `a resolution header, but its answers (${words}) are not flags FCR reads (TRUE/FALSE, 1/0, yes/no, y/n): write them so to map it`);
    }
    if (share(p.isoDates) >= 0.8 || (numeric && hinted === "period" && min > 20000 && max < 80000)) {
      return propose("period", "dates");
    }
    if (IDENTIFIER.test(header) && hinted !== "segment") return propose(null, "looks like an identifier");
    // A scale the header writes counts: "(0-10)" under a question in any language is NPS.
    const written = headerScale(header);
    const onWritten = written !== null && min >= written.lo && max <= written.hi;
    if (numeric && integers) {
      if (min >= 0 && max <= 10 && hinted === "nps") return propose("nps", "0..10 scores and a recommend header");
      if (hinted === null && onWritten && written.lo === 0 && written.hi === 10) return propose("nps", "0..10 scores and a 0-10 scale in the header");
      // Answers above 7 rule out the 1..5 and 1..7 scales; a sample with no 0 is still 0..10.
      if (hinted === null && written === null && min >= 0 && max <= 10 && max >= 8 && min <= 6) return propose("nps", "0..10 scores");
      if (written !== null && !onWritten && (hinted === null || hinted === "csat" || hinted === "ces")) {
        return propose(null, `the values (${min}..${max}) are off the ${written.lo}-${written.hi} scale the header writes`);
      }
      if (min >= 1 && max <= 5 && hinted === "csat") return propose("csat", "1..5 scores and a satisfaction header");
      if (min >= 1 && max <= 7 && hinted === "ces") return propose("ces", "1..7 scores and an effort header");
      if (min >= 1 && max <= 5 && hinted === null) return propose(null, "1..5 scores: CSAT or another question? choose");
      if (min >= 1 && max <= 7 && hinted === null) return propose(null, "1..7 scores: CES? choose");
    }
    if (numeric) {
      if (hinted === "revenue" && min >= 0) return propose("revenue", "amounts and a revenue header");
      if (hinted === "engagement" && min >= 0 && integers) return propose("engagement", "action counts");
      if (hinted === "impact") return propose("impact", "impact metric");
      if (hinted === "nps" || hinted === "csat" || hinted === "ces") {
        return propose(null, `the header suggests ${hinted.toUpperCase()} but the values (${min}..${max}) are off its scale`);
      }
      if (!integers && min >= 0) return propose("revenue", "amounts");
      return propose(null, "numbers of no known scale");
    }
    const texts = p.texts;
    if (texts.length > 0 && share(texts.length) >= 0.5) {
      const distinct = new Set(texts.map((t) => t.toLowerCase())).size;
      const meanLength = texts.reduce((k, t) => k + t.length, 0) / texts.length;
      if (hinted === "sentiment" || (meanLength >= 25 && distinct > texts.length * 0.5)) return propose("sentiment", "free text");
      if (distinct <= 50 && distinct <= Math.max(2, texts.length * 0.5) && meanLength < 40) {
        // Counted in the sample detection reads (the first rows), which a sorted export can fill
        // with one value: said so, so that the report never reads as the column's count.
        return propose("segment", `${distinct} distinct value${distinct === 1 ? "" : "s"} in the first ${p.nonBlank.toLocaleString("en-US")} answers`);
      }
      return propose(null, "text with many distinct values");
    }
    return propose(null, "mixed values");
  });
}
