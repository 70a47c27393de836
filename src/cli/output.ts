/**
 * Writing the output file so that nothing half-made is ever left: the workbook is written to a
 * hidden temporary file beside the output (`.NAME.xlsx.PID.HEX.tmp`), moved into place when it
 * is complete, and removed when anything fails. A process killed outright (SIGKILL, power
 * loss) cannot clean up after itself, so every run first removes the temporary files of ours
 * whose process is gone.
 */
import { randomBytes } from "node:crypto";
import { existsSync, promises as fsp, renameSync, unlinkSync } from "node:fs";
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
  if (code === "ENAMETOOLONG") return new InputError(`cannot write ${output}: its name is too long for a temporary file beside it (keep names under 200 characters)`);
  return e;
}

/** Sync counterpart of publish's way of moving (for the rollback a signal runs). */
function moveBackSync(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // best effort: the next run removes what is left
  }
}

function unlinkQuietly(path: string): void {
  try {
    if (existsSync(path)) unlinkSync(path);
  } catch {
    // best effort: the next run removes it
  }
}

export interface OutputFile {
  readonly path: string;
  /** Writes the whole file to `tmp` and closes it before its promise settles. */
  readonly write: (tmp: string) => Promise<void>;
}

/**
 * Writes several files as one (a workbook and its customers table): each to a temporary file
 * beside it; only when every one is complete are they moved into place, and if moving one
 * fails, those moved already are put back as they were (a file replaced under --force keeps
 * a hard-linked copy until all are in place). On failure, SIGINT or SIGTERM nothing new is
 * left and nothing old is lost; file-system errors become one-line InputErrors. A process
 * killed outright leaves only temporary files (ours, by name), which the next run removes.
 */
export async function writeTogether(outputs: readonly OutputFile[], force: boolean): Promise<void> {
  const temps = outputs.map((o) => tempPath(o.path));
  /** Files already moved into place, with the copy of what they replaced (null: there was none). */
  const placed: { path: string; backup: string | null }[] = [];
  const backups: string[] = [];
  const rollback = () => {
    for (const p of placed.reverse()) {
      if (p.backup !== null) moveBackSync(p.backup, p.path);
      else unlinkQuietly(p.path);
    }
    placed.length = 0;
    for (const t of [...temps, ...backups]) unlinkQuietly(t);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    rollback();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let current = outputs[0]?.path ?? "";
  try {
    for (let k = 0; k < outputs.length; k++) {
      current = outputs[k].path;
      await outputs[k].write(temps[k]);
    }
    for (let k = 0; k < outputs.length; k++) {
      current = outputs[k].path;
      let backup: string | null = null;
      if (force && existsSync(current)) {
        backup = tempPath(current);
        backups.push(backup);
        await fsp.link(current, backup).catch(() => fsp.copyFile(current, backup as string));
      }
      await publish(temps[k], current, force);
      placed.push({ path: current, backup });
    }
    for (const b of backups) await fsp.unlink(b).catch(() => undefined);
  } catch (e) {
    rollback();
    throw describeWriteError(e, current);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

/**
 * Runs `write(tmp)` and moves the result to `output`. `write` must have closed the file when
 * its promise settles (writeScorecardXlsx does). On failure or SIGINT/SIGTERM the temporary
 * file is removed; file-system errors become one-line InputErrors.
 */
export async function writeAtomically(output: string, force: boolean, write: (tmp: string) => Promise<void>): Promise<void> {
  return writeTogether([{ path: output, write }], force);
}
