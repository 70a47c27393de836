/**
 * Writes src/kpi/vaderWords.ts from vader-sentiment's vader_lexicon.txt (see scripts/vader-words.ts).
 *   node --import tsx scripts/make-vader-words.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { vaderWords } from "./vader-words";

const ROOT = path.join(__dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "node_modules", "vader-sentiment", "package.json"), "utf8")) as { version: string };
const words = vaderWords(readFileSync(path.join(ROOT, "node_modules", "vader-sentiment", "vader_lexicon.txt"), "utf8"));
const header = `/**
 * Words of VADER's sentiment lexicon that AFINN-165 lacks, one line per valence (-4..4, VADER's
 * mean rating rounded to an integer): made by scripts/make-vader-words.ts from vader_lexicon.txt
 * of the npm package vader-sentiment ${pkg.version}; do not edit by hand.
 *
 * VADER lexicon: C.J. Hutto and E. Gilbert, "VADER: A Parsimonious Rule-based Model for Sentiment
 * Analysis of Social Media Text", ICWSM 2014 (vaderSentiment, MIT). JavaScript port and this copy
 * of the lexicon: vaderSentiment-js, Copyright 2018 Comcast Cable Communications Management, LLC,
 * licensed under the Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0);
 * "This product includes software developed at Comcast (http://www.comcast.com/)." Changed here:
 * only a subset of the words, valences rounded (scripts/vader-words.ts says which and why).
 */
`;
writeFileSync(path.join(ROOT, "src", "kpi", "vaderWords.ts"), `${header}export const VADER_WORDS =\n  ${JSON.stringify(words)};\n`);
console.log(`${words.split("\n").reduce((n, l) => n + l.split(" ").length - 1, 0)} words`);
