/** Entry of the kpi-scorecard bundle (build/cli/kpi-scorecard.cjs, started by bin/kpi-scorecard.js). */
import { cli } from "./commands";
import { describeFailure } from "./main";

const fail = (e: unknown) => {
  const { line, code } = describeFailure(e, process.env);
  process.stderr.write(`${line}\n`);
  process.exit(code);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

void cli();
