/**
 * The command line's two fits at once (src/cli/fits.ts): Gamma-Gamma in a worker thread of the
 * built command while BG/NBD is fitted in its own, the same fits as one after the other; and
 * the same fits, later, where the worker cannot be started or dies.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitBgnbd } from "../../src/clv/bgnbd";
import { fitGammaGamma } from "../../src/clv/gammagamma";
import { rfmSummary } from "../../src/clv/rfm";
import { clvFitData, type ClvFitData } from "../../src/clv/sheet";
import { isKpiError } from "../../src/kpi/errors";
import { FIT_WORKER_FILE, fitClvModels } from "../../src/cli/fits";
import { serialOf } from "../../src/clv/read";
import { cdnowLog, describeWithData } from "../clv/cdnow";
import { ensureBuilt, ROOT } from "./helpers";

const BUILT = join(ROOT, "build", "cli");

describeWithData("kpi-scorecard clv's two fits at once", () => {
  let data: ClvFitData;
  let folder: string;
  beforeAll(() => {
    ensureBuilt();
    const made = clvFitData(rfmSummary(cdnowLog(), serialOf(1997, 9, 30), 7));
    if (isKpiError(made)) throw new Error(made.message);
    data = made;
    folder = mkdtempSync(join(tmpdir(), "kpi-fits-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("fits Gamma-Gamma in the built worker thread to the very fit made in this thread", async () => {
    const both = await fitClvModels(data, BUILT);
    expect(both.aside).toBe(true);
    expect(both.gg).toEqual(fitGammaGamma(data.buyers));
    expect(both.bg).toEqual(fitBgnbd(data.customers));
    // The published fit on CDNOW's 946 repeat buyers (Fader, Hardie and Lee 2005, "RFM and CLV:
    // Using Iso-Value Curves"): p 6.25, q 3.74, gamma 15.44.
    expect(both.gg?.customers).toBe(946);
    expect([both.gg?.params.p, both.gg?.params.q, both.gg?.params.gamma].map((v) => Math.round((v ?? NaN) * 100) / 100)).toEqual([6.25, 3.74, 15.44]);
    expect(both.gg?.verdict).toBe("converged");
    expect(both.ms).toBeGreaterThanOrEqual(0);
  });

  it("fits Gamma-Gamma in this thread where the worker's file is not there", async () => {
    const alone = await fitClvModels(data, folder);
    expect(alone.aside).toBe(false);
    expect(alone.gg).toEqual(fitGammaGamma(data.buyers));
  });

  it("fits Gamma-Gamma in this thread where the worker throws, exits or ends without an answer", async () => {
    for (const [name, body] of [
      ["throws", "throw new Error('broken worker');"],
      ["exits", "process.exit(3);"],
      ["answers nothing", "require('node:worker_threads').parentPort.once('message', () => process.exit(0));"],
    ]) {
      const dir = join(folder, name.replace(/ /g, "-"));
      mkdirSync(dir);
      writeFileSync(join(dir, FIT_WORKER_FILE), body);
      const fallback = await fitClvModels(data, dir);
      expect({ name, aside: fallback.aside, gg: fallback.gg }).toEqual({ name, aside: false, gg: fitGammaGamma(data.buyers) });
    }
  });
});
