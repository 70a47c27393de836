// What the browser tests share: dist/ served on 127.0.0.1 under the dev server's headers, and
// Office.js from @microsoft/office-js in place of Microsoft's CDN.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { devServerHeaders } from "../../scripts/dev-headers.cjs";

export const ROOT = path.resolve(__dirname, "../..");
export const DIST = path.join(ROOT, "dist");
export const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const OFFICE_JS_BASE = "https://appsforoffice.microsoft.com/lib/1/hosted/";
const OFFICE_JS_DIST = path.join(ROOT, "node_modules/@microsoft/office-js/dist");

/** A file of Microsoft's hosted Office.js folder, from the npm copy of that folder (or null). */
export function officeJsFile(url: string): string | null {
  if (!url.startsWith(OFFICE_JS_BASE)) return null;
  const rel = decodeURIComponent(new URL(url).pathname.slice(new URL(OFFICE_JS_BASE).pathname.length));
  const file = path.normalize(path.join(OFFICE_JS_DIST, rel));
  return file.startsWith(OFFICE_JS_DIST + path.sep) && existsSync(file) ? file : null;
}
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};

/** dist/ as a static site on 127.0.0.1 (a free port). */
export async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    // A folder's address answers its index.html, as the dev server's middleware does.
    const file = path.normalize(path.join(dir, decodeURIComponent(url.pathname), url.pathname.endsWith("/") ? "index.html" : ""));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    // The dev server's headers (Content-Security-Policy included), so the test runs the pane under them.
    res.writeHead(200, { ...devServerHeaders(req.headers.origin), "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function ensureBuild(): void {
  if (existsSync(path.join(DIST, "taskpane.html")) && existsSync(path.join(DIST, "taskpane.js"))) return;
  const built = spawnSync("npx", ["webpack", "--mode", "production", "--env", "local"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) throw new Error("npm run build failed");
}

