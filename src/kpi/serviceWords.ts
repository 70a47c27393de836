/**
 * Words and phrases of customer service that the general lexicon (AFINN-165) leaves at 0, with
 * their valence on its scale (-5..5) and the reason a service comment gives them that valence.
 * The list follows the complaints and praise of the service literature that issue 21 names
 * (waiting, slowness, price, refunds, being transferred, not being called back, effortless
 * service); it was written before the scorer was measured with it and was not changed after
 * (data/sentiment/PROVENANCE.md: the measured sets). Small on purpose: each word is one a service
 * comment uses in one sense.
 */

/** Single words. */
export const SERVICE_WORDS: Readonly<Record<string, number>> = {
  // Waiting: time the customer lost. "can't wait" reads as eagerness through the negation rule.
  wait: -1, waited: -1, waiting: -1, waits: -1, queue: -1, queued: -1, queuing: -1, queueing: -1,
  // Slowness and lateness of the service itself.
  slow: -2, slowly: -1, slower: -1, slowest: -2, late: -1, lengthy: -1,
  // Speed, the praise of the same dimension.
  fast: 1, quick: 2, quickly: 1, prompt: 1, speedy: 2, efficient: 2,
  // Price: paying more than it is worth.
  expensive: -1, overpriced: -2, pricey: -1, overcharged: -2, overcharge: -2, overcharging: -2, ripoff: -3, "rip-off": -3, fees: -1,
  inexpensive: 1, reasonable: 1,
  // Being passed from one person to the next.
  transferred: -2, transfered: -2, runaround: -2,
  // Problems a customer had to raise; "never had an issue" reads as praise through negation.
  issue: -1, issues: -1, hassle: -2, hassles: -2, glitch: -1, glitches: -1, buggy: -2, faulty: -2, unresolved: -2,
  unhelpful: -2, unresponsive: -2,
  // Effortless service and the people who give it.
  painless: 2, effortless: 2, "hassle-free": 2, smooth: 1, smoothly: 1, attentive: 2, knowledgeable: 2, fixed: 1,
};

/**
 * Phrases of two or three words, read before single words. A phrase that is praise when it
 * happens ("called me back") is a complaint when negated ("never called me back") by the
 * negation rule.
 */
export const SERVICE_PHRASES: Readonly<Record<string, number>> = {
  "on hold": -2, "hung up": -2, "bounced around": -2, "passed around": -2,
  "took forever": -2, "takes forever": -2, "taking forever": -2, "took ages": -2, "takes ages": -2,
  "rip off": -3, "hidden fees": -2, "on time": 1,
  "called back": 1, "call back": 1, "called me back": 1, "call me back": 1, "calls back": 1,
  "got back": 1, "get back": 1, "got back to me": 1, "get back to me": 1,
  // The team of "wait staff" waits on tables: a topic, not a delay.
  "wait staff": 0,
};

/**
 * Things a customer asks for: neutral when they come up ("I asked for a refund" says nothing of
 * how it went), a complaint when negated ("no refund", "never got a response"). A negated one
 * weighs as a negated word of valence DESIRED.
 */
export const DESIRED = new Set(["refund", "refunds", "callback", "call-back", "response", "reply", "answer", "update", "apology", "resolution"]);
export const DESIRED_VALENCE = 2;

/**
 * "too" before a word without valence: an excess, which a service comment names to complain
 * ("too long", "too loud", "too small"). The word takes EXCESS_VALENCE.
 */
export const EXCESS_WORDS = new Set(["too"]);
export const EXCESS_VALENCE = -1;
