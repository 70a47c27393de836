// The add-in's pages opened outside Excel, in headless Chromium: "/" says how to use the
// add-in, and taskpane.html says "open this in Excel" whether Office.js loads (no Excel host) or
// not (offline, or its CDN out of reach), never a blank page.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM, DIST, ensureBuild, officeJsFile, serve } from "./site";

describe("the add-in's pages outside Excel", () => {
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let work: string;
  /** Whether Office.js may load (from node_modules) for the next page. */
  let officeJs = true;

  beforeAll(async () => {
    ensureBuild();
    work = mkdtempSync(path.join(tmpdir(), "kpi-outside-"));
    ({ server, origin } = await serve(DIST));
    context = await chromium.launchPersistentContext(path.join(work, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 360, height: 700 },
    });
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      const local = officeJsFile(url);
      if (local && officeJs) await route.fulfill({ status: 200, contentType: "text/javascript", body: readFileSync(local) });
      else if (url.startsWith(`${origin}/`) || url.startsWith("data:")) await route.continue();
      else await route.abort("blockedbyclient");
    });
  });

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const open = async (address: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${origin}${address}`);
    return page;
  };

  it("answers / with how to use the add-in, linking its manifest, help and pane", async () => {
    const page = await open("/");
    const text = await page.locator("body").innerText();
    expect(text).toContain("open it in Excel");
    expect(text).toContain("Insert > Add-ins > Upload My Add-in");
    const links = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual(expect.arrayContaining(["manifest.xml", "help.html", "taskpane.html"]));
    for (const href of ["manifest.xml", "help.html", "taskpane.html"]) {
      expect((await page.request.get(`${origin}/${href}`)).status()).toBe(200);
    }
    await page.close();
  });

  it("says 'open this in Excel' on taskpane.html when Office.js cannot load", async () => {
    officeJs = false;
    const page = await open("/taskpane.html");
    // Shown once the pane has had its chance to start (a CSS delay: the page allows no inline script).
    await page.waitForFunction(() => {
      const box = document.querySelector(".outside");
      return box !== null && getComputedStyle(box).opacity === "1";
    }, undefined, { timeout: 30_000 });
    const text = await page.locator("#root").innerText();
    expect(text).toContain("open this in Excel");
    expect(text).toContain("Home > KPI Scorecard");
    await page.close();
    officeJs = true;
  });

  it("says 'open this in Excel' on taskpane.html when Office.js loads outside an Office host", async () => {
    const page = await open("/taskpane.html");
    await page.getByText("Excel is not available: open this in Excel").waitFor({ timeout: 60_000 });
    // The pane itself rendered (the static note is gone), its buttons there but unusable.
    expect(await page.locator(".outside").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Use selected range" }).isDisabled()).toBe(true);
    await page.close();
  });
});
