/**
 * Writing the output file so that nothing half-made is ever left: the workbook is written to a
 * hidden temporary file beside the output (`.NAME.xlsx.PID.HEX.tmp`), moved into place when it
 * is complete, and removed when anything fails. A process killed outright (SIGKILL, power
 * loss) cannot clean up after itself, so every run first removes the temporary files of ours
 * whose process is gone.
 */
import { randomBytes } from "node:crypto";
import { existsSync, promises as fsp, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { InputError } from "../xlsx/types";

const TEMP = /^\..+\.(?:xlsx|csv|parquet)\.(\d+)\.[0-9a-f]{8}\.tmp$/i;

/** A new temporary name beside `output`, carrying this process's id. */
export function tempPath(output: string, pid = process.pid): string {
  return join(dirname(output), `.${basename(output)}.${pid}.${randomBytes(4).toString("hex")}.tmp`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists (another user's).
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes our temporary files in `folder` whose process is no longer running; returns their names. */
export async function removeStaleTemps(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fsp.readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    try {
      await fsp.unlink(join(folder, name));
      removed.push(name);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** Moves the finished temporary file into place; without `force` never replaces a file. */
async function publish(tmp: string, output: string, force: boolean): Promise<void> {
  if (force) {
    await fsp.rename(tmp, output);
    return;
  }
  try {
    // link() fails if the name exists: no window in which another file could be overwritten.
    await fsp.link(tmp, output);
    await fsp.unlink(tmp);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || existsSync(output)) throw new InputError(`${output} already exists: use --force to overwrite it`);
    await fsp.rename(tmp, output); // a file system without hard links
  }
}

function describeWriteError(e: unknown, output: string): unknown {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return new InputError(`cannot write ${output}: permission denied`);
  if (code === "ENOSPC") return new InputError(`cannot write ${output}: no space left on the device`);
  if (code === "EDQUOT") return new InputError(`cannot write ${output}: disk quota exceeded`);
  return e;
}

/**
 * Runs `write(tmp)` and moves the result to `output`. `write` must have closed the file when
 * its promise settles (writeScorecardXlsx does). On failure or SIGINT/SIGTERM the temporary
 * file is removed; file-system errors become one-line InputErrors.
 */
export async function writeAtomically(output: string, force: boolean, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = tempPath(output);
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      if (existsSync(tmp)) unlinkSync(tmp);
    } catch {
      // best effort: the next run removes it
    }
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await write(tmp);
    await publish(tmp, output, force);
  } catch (e) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw describeWriteError(e, output);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
