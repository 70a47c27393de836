import { promises as fsp } from "node:fs";

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

/** The first 64 KB of a file as text: what the readers sniff a delimiter or a layout from. */
export async function fileHead(path: string): Promise<string> {
  const handle = await fsp.open(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}
