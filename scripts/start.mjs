#!/usr/bin/env node
// `npm start`: serves the add-in over https on port 3000 and, where Office can be driven from
// here (Windows, macOS), sideloads it into Excel. On Linux it starts the dev server in the
// background (log: .tmp/dev-server.log, pid: .tmp/dev-server.pid; `npm stop` ends it) and
// prints how to upload manifest.xml to Excel on the web.
//
// Environment: HOST (bind address, default 127.0.0.1), PORT (default 3000).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TMP = join(ROOT, ".tmp");
const PID_FILE = join(TMP, "dev-server.pid");
const LOG_FILE = join(TMP, "dev-server.log");
const CERT_DIR = join(homedir(), ".office-addin-dev-certs");
const CERT_FILES = ["ca.crt", "localhost.crt", "localhost.key"].map((f) => join(CERT_DIR, f));
const HOST = process.env.HOST || "127.0.0.1";
const PORT = Number(process.env.PORT || 3000);
const SIDELOAD = process.platform === "win32" || process.platform === "darwin";
const STARTUP_TIMEOUT_MS = 180_000;

class StartError extends Error {}

function npx(args) {
  const result = spawnSync("npx", args, { cwd: ROOT, stdio: "inherit", shell: process.platform === "win32" });
  if (result.error) throw new StartError(`could not run npx ${args.join(" ")}: ${result.error.message}`);
  return result.status ?? 1;
}

/**
 * Office only trusts the dev certificates of office-addin-dev-certs; make sure they exist. On
 * Windows and macOS its `install` makes them and asks the system to trust their authority. On
 * Linux that step runs `sudo` to change the system's store (and prints "Unable to install the CA
 * certificate ... sudo: not found" where there is none), while the browser that runs Excel on
 * the web keeps its own store anyway: there the certificates are only made (the package's
 * generateCertificates, which changes nothing outside ~/.office-addin-dev-certs), and the steps
 * printed at the end say how the browser comes to trust them.
 */
async function ensureCertificates() {
  if (CERT_FILES.every((f) => existsSync(f))) return;
  if (SIDELOAD) {
    console.log("Creating the Office add-in development certificates (npx office-addin-dev-certs install)...");
    npx(["office-addin-dev-certs", "install"]);
  } else {
    console.log(`Creating the development certificates the dev server uses, in ${CERT_DIR}.`);
    console.log("They are not added to the system's store of trusted authorities; step 1 below says how your browser comes to trust them.");
    const { generateCertificates } = createRequire(import.meta.url)("office-addin-dev-certs/lib/generate.js");
    await generateCertificates();
  }
  // The tool exits 0 even when it fails, so look at what it left behind.
  const missing = CERT_FILES.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new StartError(`dev certificates missing after creating them: ${missing.join(", ")}`);
  }
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves when https://HOST:PORT/taskpane.html answers 200; rejects when the server dies or times out. */
function waitForServer(child) {
  const host = HOST === "0.0.0.0" || HOST === "::" ? "127.0.0.1" : HOST;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let exited = false;
    child.once("exit", (code) => {
      exited = true;
      const log = existsSync(LOG_FILE) ? readFileSync(LOG_FILE, "utf8").trim().split("\n") : [];
      const last = log.filter((l) => /error/i.test(l)).pop() ?? log.pop() ?? "";
      reject(new StartError(`dev server exited with code ${code}${last ? `: ${last.trim()}` : ""} (see ${LOG_FILE})`));
    });
    const poll = () => {
      if (exited) return;
      if (Date.now() > deadline) {
        reject(new StartError(`dev server did not answer on https://${host}:${PORT}/ within ${STARTUP_TIMEOUT_MS / 1000} s (see ${LOG_FILE})`));
        return;
      }
      const req = get({ host, port: PORT, path: "/taskpane.html", rejectUnauthorized: false, timeout: 2000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else setTimeout(poll, 1000);
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => setTimeout(poll, 1000));
    };
    poll();
  });
}

async function serveInBackground() {
  if (existsSync(PID_FILE)) {
    const pid = Number(readFileSync(PID_FILE, "utf8"));
    if (pid > 0 && isRunning(pid)) {
      console.log(`The dev server is already running (pid ${pid}); \`npm stop\` ends it.`);
      return;
    }
  }
  mkdirSync(TMP, { recursive: true });
  const log = openSync(LOG_FILE, "w");
  const webpackCli = join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js");
  if (!existsSync(webpackCli)) throw new StartError("webpack-cli is not installed: run `npm ci` first");
  const child = spawn(process.execPath, [webpackCli, "serve", "--mode", "development"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, HOST, PORT: String(PORT) },
  });
  if (child.pid === undefined) throw new StartError("could not start the dev server");
  writeFileSync(PID_FILE, String(child.pid));
  console.log(`Building and starting the dev server (pid ${child.pid}, log ${LOG_FILE})...`);
  try {
    await waitForServer(child);
  } catch (err) {
    if (child.exitCode === null) process.kill(child.pid, "SIGTERM");
    rmSync(PID_FILE, { force: true });
    throw err;
  }
  child.removeAllListeners("exit");
  child.unref();
}

function printUploadInstructions() {
  const shown = HOST === "127.0.0.1" || HOST === "0.0.0.0" ? "localhost" : HOST;
  console.log(`
The KPI add-in is served at https://${shown}:${PORT}/ (bound to ${HOST}); that page says how to use it.

Excel cannot be sideloaded from Linux; use Excel on the web:
  1. Make your browser trust the dev certificate: import ${join(CERT_DIR, "ca.crt")}
     as a certificate authority (Chrome: Settings > Privacy and security > Security > Manage
     certificates > Authorities > Import; Firefox: Settings > Certificates > Authorities > Import),
     or open https://localhost:${PORT}/ once and accept the warning.
  2. Open a workbook in Excel on the web (https://www.office.com > Excel).
  3. Insert > Add-ins > Upload My Add-in (or Home > Add-ins > More Add-ins > Upload My Add-in),
     and choose ${join(ROOT, "manifest.xml")}.
  4. Type =KPI.NPS( in a cell, or open the pane with Home > KPI Scorecard.

Stop the dev server with \`npm stop\`.`);
}

async function main() {
  await ensureCertificates();
  if (SIDELOAD) {
    // office-addin-debugging runs `npm run dev-server` and sideloads manifest.xml into Excel.
    // It is fetched on demand, never installed as a dependency.
    const status = npx(["--yes", "office-addin-debugging", "start", "manifest.xml"]);
    if (status !== 0) throw new StartError(`office-addin-debugging start failed with exit code ${status}`);
    return;
  }
  await serveInBackground();
  printUploadInstructions();
}

main().catch((err) => {
  console.error(`npm start: ${err instanceof Error ? err.message : String(err)}`.split("\n")[0]);
  process.exit(1);
});
