#!/usr/bin/env node
// `npm stop`: undoes `npm start`. On Windows and macOS, office-addin-debugging stops the dev
// server and removes the sideloaded add-in; on Linux, the dev server that `npm start` started
// (pid in .tmp/dev-server.pid) is ended.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PID_FILE = join(ROOT, ".tmp", "dev-server.pid");
const SIDELOAD = process.platform === "win32" || process.platform === "darwin";

class StopError extends Error {}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

/**
 * True when pid is this project's webpack process (guards against a pid reused by another
 * program). webpack-cli renames its process to "webpack", so look at the name and the cwd.
 */
function isDevServer(pid) {
  const proc = `/proc/${pid}`;
  if (!existsSync(proc)) return true; // no /proc: trust the pid file
  try {
    const cmdline = readFileSync(`${proc}/cmdline`, "utf8");
    return cmdline.includes("webpack") && realpathSync(`${proc}/cwd`) === realpathSync(ROOT);
  } catch {
    return true; // not allowed to look: trust the pid file
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function stopDevServer() {
  if (!existsSync(PID_FILE)) {
    console.log("No dev server to stop: `npm start` did not leave a .tmp/dev-server.pid.");
    return;
  }
  const pid = Number(readFileSync(PID_FILE, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) {
    rmSync(PID_FILE, { force: true });
    throw new StopError(`${PID_FILE} held no process id; removed it`);
  }
  if (!isRunning(pid) || !isDevServer(pid)) {
    rmSync(PID_FILE, { force: true });
    console.log(`The dev server (pid ${pid}) is no longer running; removed the stale pid file.`);
    return;
  }
  // start.mjs starts the server detached, as the leader of its own process group.
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      process.kill(pid, sig);
    }
  };
  signal("SIGTERM");
  for (let waited = 0; waited < 10_000 && isRunning(pid); waited += 200) await sleep(200);
  if (isRunning(pid)) {
    signal("SIGKILL");
    await sleep(200);
  }
  if (isRunning(pid)) throw new StopError(`the dev server (pid ${pid}) did not stop`);
  rmSync(PID_FILE, { force: true });
  console.log(`Stopped the dev server (pid ${pid}).`);
}

async function main() {
  if (SIDELOAD) {
    const result = spawnSync("npx", ["--yes", "office-addin-debugging", "stop", "manifest.xml"], {
      cwd: ROOT,
      stdio: "inherit",
      shell: process.platform === "win32",
    });
    if (result.error) throw new StopError(`could not run office-addin-debugging: ${result.error.message}`);
    if (result.status !== 0) throw new StopError(`office-addin-debugging stop failed with exit code ${result.status}`);
    return;
  }
  await stopDevServer();
}

main().catch((err) => {
  console.error(`npm stop: ${err instanceof Error ? err.message : String(err)}`.split("\n")[0]);
  process.exit(1);
});
