/**
 * The entries of a zip file (an .xlsx) and their unpacked sizes, read from its central
 * directory without unpacking anything, so the reader can refuse a workbook whose parts would
 * not fit in memory before exceljs starts to inflate them. Sizes of 0xFFFFFFFF (ZIP64) are read
 * from the entry's ZIP64 extra field.
 */
import { promises as fsp } from "node:fs";

export interface ZipEntry {
  readonly name: string;
  readonly uncompressedSize: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;

/** The entries of the zip at `path`; null when it has no readable central directory. */
export async function zipEntries(path: string): Promise<ZipEntry[] | null> {
  const handle = await fsp.open(path, "r");
  try {
    const size = (await handle.stat()).size;
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) return null;
    let count = tail.readUInt16LE(at + 10);
    let dirSize = tail.readUInt32LE(at + 12);
    let dirOffset = tail.readUInt32LE(at + 16);
    if ((dirOffset === 0xffffffff || count === 0xffff) && at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
      const eocd64At = Number(tail.readBigUInt64LE(at - 20 + 8));
      const eocd64 = Buffer.alloc(56);
      await handle.read(eocd64, 0, 56, eocd64At);
      if (eocd64.readUInt32LE(0) !== ZIP64_EOCD) return null;
      count = Number(eocd64.readBigUInt64LE(32));
      dirSize = Number(eocd64.readBigUInt64LE(40));
      dirOffset = Number(eocd64.readBigUInt64LE(48));
    }
    if (dirOffset + dirSize > size || dirSize > 64 * 1024 * 1024) return null;
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count && p + 46 <= dir.length; k++) {
      if (dir.readUInt32LE(p) !== CENTRAL) return null;
      let uncompressed = dir.readUInt32LE(p + 24);
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      const name = dir.toString("utf8", p + 46, p + 46 + nameLength);
      if (uncompressed === 0xffffffff) {
        // ZIP64 extra field (id 1): the uncompressed size comes first.
        let e = p + 46 + nameLength;
        const end = e + extraLength;
        while (e + 4 <= end) {
          const id = dir.readUInt16LE(e);
          const length = dir.readUInt16LE(e + 2);
          if (id === 1 && length >= 8) {
            uncompressed = Number(dir.readBigUInt64LE(e + 4));
            break;
          }
          e += 4 + length;
        }
      }
      entries.push({ name, uncompressedSize: uncompressed });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}
