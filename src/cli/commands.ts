/**
 * The commands of kpi-scorecard: `clv` (clv.ts) or the scorecard (main.ts), chosen here so that
 * neither command's module imports the other; both take an Io (io.ts).
 */
import { runClv } from "./clv";
import type { Io } from "./io";
import { describeFailure, run as runScorecard } from "./main";
import { version } from "../../package.json";

/** Runs a command line: `clv ...` or the scorecard's; the exit code. */
export function run(argv: readonly string[], io: Io): Promise<number> {
  return argv[0] === "clv" ? runClv(argv.slice(1), io, version) : runScorecard(argv, io);
}

/** The process entry: runs, prints one line on failure, sets the exit code. */
export async function cli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  // Piped into `head`: the reader has gone, the scorecard is written; end quietly.
  const onPipeError = (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw e;
  };
  process.stdout.on("error", onPipeError);
  process.stderr.on("error", onPipeError);
  try {
    process.exitCode = await run(argv, io);
  } catch (e) {
    const { line, code } = describeFailure(e, process.env);
    process.stderr.write(`${line}\n`);
    process.exitCode = code;
  }
}
