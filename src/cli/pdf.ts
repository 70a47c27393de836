/**
 * `--pdf` and `--paper`: the printed form of the scorecard. The PDF is LibreOffice's export of
 * the written workbook (headless, a private profile in a temporary folder, so a LibreOffice the
 * user has open is never touched and the cached values are printed, not recalculated); it is
 * written next to the .xlsx through the same temporary-file-and-rename as the workbook, so a
 * failed export leaves no partial file. Paper follows the user's locale unless --paper says.
 */
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, delimiter, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../xlsx/types";
import { paperOfLocale, type Paper } from "../scorecard/print";

export { localeRegion } from "../scorecard/print";

/**
 * Paper of the user's locale: the first of LC_ALL, LC_PAPER and LANG that is set (POSIX's order);
 * only when none is, the runtime's locale (Windows, macOS). A locale without a region ("C") is A4.
 */
export function paperOf(env: NodeJS.ProcessEnv, runtimeLocale = Intl.DateTimeFormat().resolvedOptions().locale): Paper {
  const locale = [env.LC_ALL, env.LC_PAPER, env.LANG].find((v) => v !== undefined && v !== "") ?? runtimeLocale;
  return paperOfLocale(locale);
}

/** The LibreOffice program: $LIBREOFFICE_BIN, else soffice or libreoffice on the PATH; null when none. */
export function findLibreOffice(env: NodeJS.ProcessEnv): string | null {
  const runnable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (env.LIBREOFFICE_BIN) return runnable(env.LIBREOFFICE_BIN) ? env.LIBREOFFICE_BIN : null;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    for (const name of ["soffice", "libreoffice"]) if (dir !== "" && runnable(join(dir, name))) return join(dir, name);
  }
  return null;
}

export const NO_LIBREOFFICE =
  "--pdf needs LibreOffice to print the workbook, and none was found (soffice or libreoffice on the PATH, or LIBREOFFICE_BIN): install it (Debian: apt-get install libreoffice-calc) or leave out --pdf";

/** The PDF beside an output: "scorecard.xlsx" -> "scorecard.pdf". */
export function pdfPathOf(output: string): string {
  return extname(output).toLowerCase() === ".xlsx" ? `${output.slice(0, -5)}.pdf` : `${output}.pdf`;
}

/** Exports `xlsx` to the PDF file `target` (a temporary name the caller renames). */
export async function exportPdf(soffice: string, xlsx: string, target: string, timeoutMs = 180_000): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "kpi-pdf-"));
  try {
    const input = join(dir, "scorecard.xlsx");
    await copyFile(xlsx, input);
    const profile = pathToFileURL(join(dir, "profile")).href;
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", dir, input],
        { timeout: timeoutMs, env: { ...process.env, SAL_USE_VCLPLUGIN: "svp" } },
        (error) => (error ? reject(new InputError(`LibreOffice could not print ${basename(xlsx)} to PDF: ${error.message.split("\n")[0]}`)) : resolve()),
      );
    });
    const made = (await readdir(dir)).find((f) => f.toLowerCase().endsWith(".pdf"));
    if (!made) throw new InputError(`LibreOffice made no PDF of ${basename(xlsx)}`);
    await copyFile(join(dir, made), target);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
