/**
 * The two fits of a CLV sheet at once: Gamma-Gamma in a worker thread (fitWorker.ts, bundled
 * beside the command as clv-fit-worker.cjs) while BG/NBD is fitted here. Where the worker's file
 * is not there (the sources run by the tests) or the worker fails to start or to answer, Gamma-
 * Gamma is fitted here after BG/NBD, as the pane does: the same fit, later.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { fitBgnbd } from "../clv/bgnbd";
import { fitGammaGamma, type GammaGammaFit } from "../clv/gammagamma";
import type { ClvFitData, ClvFits } from "../clv/sheet";

/** The worker's file, beside the bundle (build/cli). */
export const FIT_WORKER_FILE = "clv-fit-worker.cjs";

/** Gamma-Gamma's fit from a worker thread, or undefined when no worker could make it (the caller fits it then). */
function fitGammaGammaAside(buyers: ClvFitData["buyers"], file: string): Promise<{ fit: GammaGammaFit | null } | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(file);
    } catch {
      resolve(undefined);
      return;
    }
    let settled = false;
    const settle = (answer: { fit: GammaGammaFit | null } | undefined) => {
      if (settled) return;
      settled = true;
      resolve(answer);
      void worker.terminate();
    };
    worker.once("message", (answer: { fit: GammaGammaFit | null }) => settle(answer));
    worker.once("error", () => settle(undefined));
    worker.once("exit", () => settle(undefined));
    // Copies of the buyers (no transfer): the sheet still reads them for the independence test.
    worker.postMessage(buyers);
  });
}

/** BG/NBD here and Gamma-Gamma in a worker thread (`aside`; here, later, when no worker answered), with the milliseconds both took. */
export async function fitClvModels(data: ClvFitData, folder: string = __dirname): Promise<ClvFits & { readonly aside: boolean }> {
  const started = Date.now();
  const file = join(folder, FIT_WORKER_FILE);
  const aside = existsSync(file) ? fitGammaGammaAside(data.buyers, file) : Promise.resolve(undefined);
  const bg = fitBgnbd(data.customers);
  const answer = await aside;
  const gg = answer ? (answer.fit ?? undefined) : fitGammaGamma(data.buyers);
  return { data, bg, gg, ms: Date.now() - started, aside: answer !== undefined };
}
