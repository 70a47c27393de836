import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomically } from "../../src/cli/output";
import { InputError } from "../../src/xlsx/types";
import { tempDir } from "./helpers";

describe("writeAtomically", () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => (tmp = tempDir("kpi-output-")));
  afterEach(() => tmp.cleanup());

  it("moves the finished file into place and leaves nothing else", async () => {
    const target = join(tmp.dir, "out.xlsx");
    await writeAtomically(target, false, async (path) => writeFileSync(path, "done"));
    expect(readFileSync(target, "utf8")).toBe("done");
    expect(readdirSync(tmp.dir)).toEqual(["out.xlsx"]);
  });

  it("removes the temporary file when the write fails halfway, and passes the failure on", async () => {
    const target = join(tmp.dir, "out.xlsx");
    const failure = new Error("exceljs gave up");
    await expect(writeAtomically(target, false, async (path) => {
      writeFileSync(path, "half");
      throw failure;
    })).rejects.toBe(failure);
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it("turns a full disk into one readable line", async () => {
    const target = join(tmp.dir, "out.xlsx");
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const error = await writeAtomically(target, false, async (path) => {
      writeFileSync(path, "half");
      throw full;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`cannot write ${target}: no space left on the device`);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it("never replaces an existing file without force", async () => {
    const target = join(tmp.dir, "out.xlsx");
    writeFileSync(target, "theirs");
    await expect(writeAtomically(target, false, async (path) => writeFileSync(path, "ours"))).rejects.toThrow(/already exists/);
    expect(readFileSync(target, "utf8")).toBe("theirs");
    expect(readdirSync(tmp.dir)).toEqual(["out.xlsx"]);
  });
});
