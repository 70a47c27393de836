/**
 * What a command of kpi-scorecard writes to and reads from, shared by the scorecard (main.ts)
 * and clv (clv.ts) so that neither imports the other; commands.ts chooses between them.
 */
export interface Io {
  readonly stdout: { write(s: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}
