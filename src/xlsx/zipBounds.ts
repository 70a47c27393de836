/**
 * A workbook's parts bounded by the bytes they actually inflate to, before exceljs reads any
 * of them: the zip is read with the parser exceljs itself uses (unzipper's Parse, local file
 * headers in stream order, so this pass sees the very entries and bytes exceljs will), every
 * entry is inflated and counted with a running cap, and nothing is kept. The sizes a zip
 * declares (its central directory, which exceljs never reads, or its local headers) are not
 * trusted: a workbook whose directory lies, one without an end-of-central-directory record,
 * and one whose sheet holds a 200 MB string all stop here at the cap.
 *
 * Caps: the shared strings 256 MB (exceljs holds them all), the other XML parts exceljs parses
 * whole (workbook, styles, relationships) 64 MB, a worksheet 2 GB (it is streamed row by row),
 * any other part 256 MB (exceljs inflates and drops it), all parts together 4 GB; and in a
 * worksheet or the shared strings no run of more than 1 MB without a "<" (one text or one tag:
 * a cell holds at most 32,767 characters, under 800 KB however it is escaped), which a
 * streaming XML parser would otherwise gather whole.
 */
import { createReadStream } from "node:fs";
import { Parse } from "unzipper";
import { InputError } from "./types";

const MB = 1024 * 1024;
export const MAX_SHARED_STRINGS_BYTES = 256 * MB;
export const MAX_PART_BYTES = 64 * MB;
export const MAX_WORKSHEET_BYTES = 2048 * MB;
export const MAX_OTHER_BYTES = 256 * MB;
export const MAX_TOTAL_BYTES = 4096 * MB;
/** The longest stretch of a worksheet or the shared strings without a "<". */
export const MAX_XML_RUN = MB;

/** The cap of a part, and whether its XML runs are bounded too. */
function capOf(name: string): { bytes: number; what: string; runs: boolean } {
  const n = name.replace(/^\//, "");
  if (/^xl\/sharedStrings\.xml$/i.test(n)) return { bytes: MAX_SHARED_STRINGS_BYTES, what: "shared strings", runs: true };
  if (/^xl\/worksheets\/[^/]+\.xml$/i.test(n)) return { bytes: MAX_WORKSHEET_BYTES, what: `sheet ${n}`, runs: true };
  if (/^(xl\/styles\.xml|xl\/workbook\.xml|.*\.rels)$/i.test(n)) return { bytes: MAX_PART_BYTES, what: `part ${n}`, runs: false };
  return { bytes: MAX_OTHER_BYTES, what: `part ${n}`, runs: false };
}

const mb = (bytes: number) => `${Math.round(bytes / MB).toLocaleString("en-US")} MB`;

/**
 * The run without a "<" after `chunk`, given the run before it; more than MAX_XML_RUN when a run
 * inside or across chunks is longer (a chunk no longer than the cap can only lengthen the run it
 * starts or ends, so only its first and last "<" are looked for).
 */
function longestRun(chunk: Buffer, before: number): number {
  const first = chunk.indexOf(0x3c);
  if (first < 0) return before + chunk.length;
  if (before + first > MAX_XML_RUN) return before + first;
  if (chunk.length > MAX_XML_RUN) {
    for (let lt = first, next = chunk.indexOf(0x3c, first + 1); next >= 0; lt = next, next = chunk.indexOf(0x3c, next + 1)) {
      if (next - lt - 1 > MAX_XML_RUN) return next - lt - 1;
    }
  }
  return chunk.length - 1 - chunk.lastIndexOf(0x3c);
}

/**
 * Inflates every entry of the workbook at `path` once, counting, and refuses (InputError) at the
 * first cap passed. A zip that does not read is left for exceljs to report in its own words.
 */
export async function checkInflatedSizes(path: string): Promise<void> {
  const input = createReadStream(path);
  const zip = Parse({ forceStream: true });
  input.pipe(zip);
  let total = 0;
  try {
    for await (const entry of zip) {
      const cap = capOf(entry.path);
      let bytes = 0;
      let run = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        total += chunk.length;
        if (bytes > cap.bytes) throw new InputError(`${path}: its ${cap.what} unpack${cap.what === "shared strings" ? "" : "s"} to more than the ${mb(cap.bytes)} this command reads: save the sheet as CSV and give that`);
        if (total > MAX_TOTAL_BYTES) throw new InputError(`${path}: its parts unpack to more than the ${mb(MAX_TOTAL_BYTES)} this command reads: save the sheet as CSV and give that`);
        if (cap.runs) {
          run = longestRun(chunk, run);
          if (run > MAX_XML_RUN) {
            throw new InputError(
              `${path}: its ${cap.what} ${cap.what === "shared strings" ? "hold" : "holds"} more than ${mb(MAX_XML_RUN)} of text in one piece (a cell holds at most 32,767 characters), which Excel does not write: save the sheet as CSV and give that`,
            );
          }
        }
      }
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    // Not a zip this parser reads: exceljs says why when it reads the same file.
  } finally {
    input.destroy();
    zip.removeAllListeners("data");
  }
}
