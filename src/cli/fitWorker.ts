/**
 * Entry of build/cli/clv-fit-worker.cjs, a worker thread of `kpi-scorecard clv`: it fits
 * Gamma-Gamma to the repeat buyers it is sent while the command's own thread fits BG/NBD
 * (fits.ts). The same function on the same numbers as a fit in the main thread, so the same fit;
 * on the bench's 10M-row log the two took 2.0-2.5 s one after the other.
 */
import { parentPort } from "node:worker_threads";
import { fitGammaGamma } from "../clv/gammagamma";

parentPort?.once("message", (buyers: { x: Float64Array; zbar: Float64Array }) => {
  parentPort?.postMessage({ fit: fitGammaGamma(buyers) ?? null });
});
