/**
 * Bench section 4: "functions ready". Headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core) opens dist/taskpane.html, served on loopback by a tiny HTTP server; the
 * time is the page's performance.now() (milliseconds since navigation start) when the set of
 * ids passed to CustomFunctions.associate equals the ids of dist/functions.json.
 *
 * Office.js: the CDN URL is fulfilled from node_modules/@microsoft/office-js/dist/office.js;
 * every other non-loopback request is aborted (and listed in the results). CustomFunctions is a
 * fake injected before any script runs; Office.js extends it with its own `associate`, which the
 * fake keeps behind its recorder (and an object assigned to window.CustomFunctions is wrapped
 * the same way), so every registration is seen.
 *
 *   node scripts/bench/ready.mjs out.json
 *
 * Each run is a new page; the server sends no-store, so every run loads every file. Prints the
 * median of RUNS runs.
 */
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileSync } from "node:fs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = path.join(ROOT, "dist");
const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_JS_FILE = path.join(ROOT, "node_modules", "@microsoft", "office-js", "dist", "office.js");
const CHROMIUM = process.env.KPI_BENCH_CHROMIUM ?? "/usr/bin/chromium";
const RUNS = Number(process.env.KPI_BENCH_READY_RUNS ?? 7);
const TIMEOUT_MS = 15_000;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".md": "text/markdown; charset=utf-8",
};

function serve(dir) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, "") || "taskpane.html";
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep) || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Runs in the page before any script: the recording CustomFunctions. */
function initScript(expectedIds) {
  const expected = new Set(expectedIds);
  const seen = new Set();
  const state = { doneAt: null, calls: 0, unknown: [], officeReplaced: false, errors: [] };
  window.__kpiBench = state;
  window.addEventListener("error", (e) => state.errors.push(String(e.message)));
  const record = (id) => {
    state.calls++;
    if (!expected.has(id)) state.unknown.push(id);
    seen.add(id);
    if (state.doneAt === null && seen.size >= expected.size && [...expected].every((x) => seen.has(x))) {
      state.doneAt = performance.now();
    }
  };
  // Office.js extends the CustomFunctions object it finds (it assigns its own `associate`): the
  // property is an accessor, so whatever implementation is assigned runs behind the recorder.
  const wrap = (obj) => {
    if (!obj || typeof obj !== "object" || obj.__kpiBenchWrapped) return obj;
    let inner = typeof obj.associate === "function" ? obj.associate : null;
    function associate(idOrMap) {
      if (typeof idOrMap === "string") record(idOrMap);
      else if (idOrMap && typeof idOrMap === "object") Object.keys(idOrMap).forEach(record);
      if (inner) {
        try {
          return inner.apply(this, arguments);
        } catch {
          // Office.js outside Office may refuse: the registration was recorded.
        }
      }
      return undefined;
    }
    Object.defineProperty(obj, "associate", {
      configurable: true,
      enumerable: true,
      get: () => associate,
      set: (f) => {
        state.officeReplaced = true;
        inner = f;
      },
    });
    Object.defineProperty(obj, "__kpiBenchWrapped", { value: true });
    return obj;
  };
  class CustomFunctionsError extends Error {
    constructor(code = "#VALUE!", message = "") {
      super(message);
      this.code = code;
    }
  }
  let current = wrap({
    associate: null,
    Error: CustomFunctionsError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!" },
  });
  Object.defineProperty(window, "CustomFunctions", {
    configurable: true,
    get: () => current,
    set: (value) => {
      state.officeReplaced = true;
      current = wrap(value);
    },
  });
}

async function main() {
  const outFile = process.argv[2];
  const { chromium } = await import("playwright-core");
  const ids = JSON.parse(readFileSync(path.join(DIST, "functions.json"), "utf8")).functions.map((f) => f.id);
  const officeJs = readFileSync(OFFICE_JS_FILE);
  const server = await serve(DIST);
  const port = server.address().port;
  const base = `http://127.0.0.1:${port}/`;
  const userDataDir = mkdtempSync(path.join(tmpdir(), "kpi-bench-chromium-"));
  const aborted = new Set();
  const runs = [];
  let context;
  let failure = null;
  try {
    // A temp --user-data-dir: playwright takes it as launchPersistentContext's first argument.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url === OFFICE_JS_URL) return route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: officeJs });
      const host = new URL(url).hostname;
      if (host === "127.0.0.1" || host === "localhost" || host === "[::1]") return route.continue();
      aborted.add(url.split("?")[0]);
      return route.abort();
    });
    await context.addInitScript(initScript, ids);
    for (let k = 0; k < RUNS; k++) {
      // The server answers with no-store and Office.js comes from the route: every run loads everything.
      const page = await context.newPage();
      await page.goto(`${base}taskpane.html`, { waitUntil: "commit" });
      const handle = await page
        .waitForFunction(() => window.__kpiBench && window.__kpiBench.doneAt !== null && window.__kpiBench, null, { timeout: TIMEOUT_MS, polling: 5 })
        .catch(() => null);
      const state = handle ? await handle.jsonValue() : await page.evaluate(() => window.__kpiBench).catch(() => null);
      await page.close();
      if (!state || state.doneAt === null) {
        failure = `not every function was registered within ${TIMEOUT_MS} ms: ${JSON.stringify(state)}`;
        break;
      }
      runs.push({ ms: Math.round(state.doneAt * 10) / 10, calls: state.calls, unknown: state.unknown, officeReplaced: state.officeReplaced, errors: state.errors });
    }
  } finally {
    if (context) await context.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const median = times.length ? (times.length % 2 ? times[times.length >> 1] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2) : null;
  const section = {
    functions_ready_ms: failure ? null : median,
    runs_ms: runs.map((r) => r.ms),
    first_run_ms: runs[0]?.ms ?? null,
    functions: ids.length,
    office_js_took_over_associate: runs.some((r) => r.officeReplaced),
    page_errors: [...new Set(runs.flatMap((r) => r.errors))],
    aborted_requests: [...aborted],
    ...(failure ? { error: failure } : {}),
  };
  const json = JSON.stringify(section, null, 2);
  if (outFile) writeFileSync(outFile, json);
  else console.log(json);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
