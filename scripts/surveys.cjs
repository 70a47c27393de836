// Generated surveys for the renders in docs/ and the print tests, seeded so that every run makes
// the same file. CommonJS so that .mjs scripts, tsx and Jest all load it.
const { mulberry32 } = require("./random.cjs");

/** Draws an index from weights (any positive numbers). */
function picker(rand) {
  return (weights) => {
    let u = rand() * weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < weights.length; k++) if ((u -= weights[k]) < 0) return k;
    return weights.length - 1;
  };
}

/**
 * The consultant's survey of issue 24: 3,000 answers over four regions and six months of 2025,
 * with a genuinely weaker region (South: fewer promoters, more detractors, lower satisfaction), a
 * better month (April: more promoters), and a region of 12 answers (West), below the minimum n.
 * Columns: Respondent, Date, Region, NPS (0-10), CSAT (1-5), CES (1-7), resolved first time,
 * comment. Returns the CSV text.
 * @returns {string}
 */
function survey4() {
  const rand = mulberry32(2024);
  const pick = picker(rand);
  const regions = [["North", 1050], ["South", 889], ["East", 1049], ["West", 12]];
  const comments = ["Quick and friendly, thank you", "Still waiting for a refund", "Great service", "The app keeps crashing", "", "Fine", "Very helpful agent", "Too slow, disappointed"];
  const lines = ["Respondent,Date,Region,How likely are you to recommend us? (0-10),Overall satisfaction (1-5),Effort (1-7),Resolved first time?,Comment"];
  // The regions' answers in a random order, as a survey tool exports them.
  const order = regions.flatMap(([region, count]) => Array.from({ length: count }, () => region));
  for (let k = order.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [order[k], order[j]] = [order[j], order[k]];
  }
  order.forEach((region, id) => {
    {
      const month = 1 + Math.floor(rand() * 6);
      const day = 1 + Math.floor(rand() * 28);
      const weak = region === "South";
      const april = month === 4;
      const nps = pick(weak ? [2, 1, 2, 2, 3, 5, 7, 12, 14, 13, 10] : april ? [1, 1, 1, 1, 1, 2, 3, 10, 14, 20, 22] : [1, 1, 1, 2, 2, 3, 6, 13, 15, 15, 12]);
      const csat = 1 + pick(weak ? [3, 5, 8, 9, 5] : [1, 3, 6, 10, 8]);
      const ces = 1 + pick([1, 2, 3, 5, 7, 8, 6]);
      const fcr = rand() < (weak ? 0.66 : 0.74) ? "Yes" : "No";
      const comment = comments[pick([3, 1, 3, 1, 4, 2, 2, 1])];
      lines.push([`R${10000 + id}`, `2025-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`, region, nps, csat, ces, fcr, `"${comment}"`].join(","));
    }
  });
  return `${lines.join("\n")}\n`;
}

module.exports = { survey4 };
