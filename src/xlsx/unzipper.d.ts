// The part of unzipper (MIT), the zip reader exceljs streams workbooks with, that
// zipBounds.ts uses; the package declares no types of its own.
declare module "unzipper" {
  import type { Readable } from "node:stream";
  export interface Entry extends Readable {
    readonly path: string;
    readonly type: string;
    autodrain(): unknown;
  }
  export function Parse(options: { forceStream: true }): NodeJS.ReadWriteStream & AsyncIterable<Entry>;
}
