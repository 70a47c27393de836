// First steps on Linux: `npm start` (scripts/start.mjs) on a machine without the Office dev
// certificates and without sudo makes the certificates, explains the trust step without an
// error line, serves the add-in, and its address answers "/" with how to use it; `npm stop` ends
// the server. The real dev server (webpack serve, a development build), in a home of its own.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { get } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function fetchPage(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolvePage, reject) => {
    const req = get({ host: "127.0.0.1", port, path, rejectUnauthorized: false, timeout: 30_000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolvePage({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
  });
}

describe("npm start on Linux, in a home without dev certificates", () => {
  let home: string;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let out = "";
  let code: number | null = null;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "kpi-start-"));
    port = await freePort();
    // No sudo on the PATH, as on the machine where the issue was seen.
    env = { ...process.env, HOME: home, PORT: String(port), HOST: "127.0.0.1", PATH: `${join(process.execPath, "..")}:/usr/bin:/bin` };
    const child = spawn(process.execPath, [join(ROOT, "scripts", "start.mjs")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    code = await new Promise<number | null>((r) => child.on("close", r));
  }, 400_000);

  afterAll(() => {
    spawnSync(process.execPath, [join(ROOT, "scripts", "stop.mjs")], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
    rmSync(home, { recursive: true, force: true });
  });

  it("makes the certificates and explains the trust step, with no error line", () => {
    expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining("Creating the development certificates the dev server uses") });
    for (const f of ["ca.crt", "localhost.crt", "localhost.key"]) expect(existsSync(join(home, ".office-addin-dev-certs", f))).toBe(true);
    expect(out).toContain(`import ${join(home, ".office-addin-dev-certs", "ca.crt")}`);
    expect(out.split("\n").filter((l) => /error|unable|sudo|not found|fail/i.test(l))).toEqual([]);
  });

  it("answers / with how to use the add-in, and serves the pane", async () => {
    const index = await fetchPage(port, "/");
    expect(index.status).toBe(200);
    expect(index.body).toContain("open it in Excel");
    expect(index.body).toContain('href="manifest.xml"');
    const pane = await fetchPage(port, "/taskpane.html");
    expect(pane.status).toBe(200);
    expect(pane.body).toContain("open this in Excel");
  });
});
