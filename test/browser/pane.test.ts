// The production build of the task pane (dist/) in headless Chromium (Debian's /usr/bin/chromium
// through playwright-core), served on 127.0.0.1. Office.js is the copy in @microsoft/office-js,
// served in place of Microsoft's CDN; every other request that would leave loopback is aborted
// and recorded. Outside Office, Office.onReady resolves with no host and no Excel API, so the
// test injects an in-memory Excel (test/fakes/excel.ts, bundled for the browser) as `Excel`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import webpack from "webpack";
import { CHROMIUM, DIST, ensureBuild, OFFICE_JS_BASE, OFFICE_JS_URL, officeJsFile, ROOT, serve } from "./site";
import { expectedCsat, expectedNps, PANE_ROWS, PLANS, paneSurvey } from "./paneData";

const ARTIFACTS = path.join(ROOT, "test-artifacts");
const SCREENSHOT = path.join(ARTIFACTS, "pane-after-build.png");
const FORM_SCREENSHOT = path.join(ARTIFACTS, "pane-form-360.png");
/** The narrowest task pane: Excel on the web opens it at about 350 px, desktop at 320-360. */
const PANE_WIDTH = 360;
/** The pane's first screen: Excel on the web's pane on a 768-px-high laptop screen shows about this much below its title bar. */
const FIRST_SCREEN = 520;

interface Layout {
  readonly pageWidth: number;
  /** Inputs whose box passes their fieldset's. */
  readonly overflowing: string[];
  /** The narrowest gap between two inputs side by side, in px. */
  readonly narrowestGap: number;
}

/** The fake Excel as one browser script. */
async function bundleFake(outDir: string): Promise<string> {
  const compiler = webpack({
    mode: "development",
    devtool: false,
    target: ["web", "es2020"],
    entry: path.join(__dirname, "fakeExcelPage.ts"),
    output: { path: outDir, filename: "fake-excel.js", iife: true },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { noEmit: false, module: "esnext", sourceMap: false } } },
        },
      ],
    },
  });
  await new Promise<void>((resolve, reject) =>
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) reject(err);
      else if (stats?.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })));
      else resolve();
    }),
  );
  return readFileSync(path.join(outDir, "fake-excel.js"), "utf8");
}

interface SheetReader {
  grid(sheet: string): unknown[][];
}

describe("the task pane in Chromium (production build, fake Excel)", () => {
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  let work: string;
  const leaks: string[] = [];
  const fromDisk: string[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  /** The telemetry frame Office.js tries to open: refused by the add-in's policy, by design. */
  const OFFICE_TELEMETRY = "https://telemetryservice.firstpartyapps.oaspapps.com";

  beforeAll(async () => {
    ensureBuild();
    work = mkdtempSync(path.join(tmpdir(), "kpi-pane-"));
    const fake = await bundleFake(path.join(work, "bundle"));
    ({ server, origin } = await serve(DIST));
    context = await chromium.launchPersistentContext(path.join(work, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: PANE_WIDTH, height: 900 },
    });
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      const local = officeJsFile(url);
      if (local) {
        // office.js, and the files it loads from its own folder (o15apptofilemappingtable.js):
        // served from @microsoft/office-js, so nothing leaves the machine.
        fromDisk.push(url);
        await route.fulfill({ status: 200, contentType: "text/javascript", body: readFileSync(local) });
      } else if (url.startsWith(`${origin}/`) || url.startsWith("data:") || url.startsWith("blob:")) {
        await route.continue();
      } else {
        leaks.push(url);
        await route.abort("blockedbyclient");
      }
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.addInitScript({ content: fake });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __csp?: string[] }).__csp ??= [];
        (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  });

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("offers Build on the first screen at 360 px, and keeps it in reach while the form scrolls (scorecard and CLV)", async () => {
    await page.goto(`${origin}/taskpane.html`);
    const useRange = page.getByRole("button", { name: "Use selected range" });
    await useRange.waitFor({ timeout: 30000 });
    await page.evaluate((rows) => (window as unknown as { __kpiFake: { select(s: string, a: string): void } }).__kpiFake.select("Survey", `A1:E${rows + 1}`), PANE_ROWS);
    await useRange.click();
    await page.getByRole("group", { name: /\(NPS\)/ }).waitFor();
    const build = page.getByRole("button", { name: "Build new sheet", exact: true });
    const measure = () =>
      build.evaluate((el) => ({ bottom: el.getBoundingClientRect().bottom + window.scrollY, page: document.documentElement.scrollHeight, viewport: window.innerHeight }));
    const first = await measure();
    // The height before the first Build button, and the whole form's (2,854 px before issue 24, Build at its end).
    console.log(`pane at ${PANE_WIDTH} px: Build ends ${Math.round(first.bottom)} px from the top; the form is ${first.page} px tall`);
    expect(first.bottom).toBeLessThanOrEqual(FIRST_SCREEN);
    // Per KPI only the target shows; the rest is folded under "More", which says its defaults.
    const npsGroup = page.getByRole("group", { name: /\(NPS\)/ });
    expect(await npsGroup.getByRole("textbox").count()).toBe(1);
    expect(await npsGroup.getByRole("button", { name: /^More: target date, baseline, benchmark; green at 50, amber at 0/ }).count()).toBe(1);
    // Scrolled to the end of the form, the Build button is still on screen.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const box = await build.boundingBox();
    expect(box !== null && box.y >= 0 && box.y + box.height <= first.viewport).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));

    await page.getByRole("tab", { name: "Customer lifetime value" }).click();
    await page.getByRole("button", { name: "Use selected range" }).click();
    const buildClv = page.getByRole("button", { name: "Build CLV sheet" });
    await buildClv.waitFor();
    const clvBottom = await buildClv.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
    console.log(`CLV flow at ${PANE_WIDTH} px: Build ends ${Math.round(clvBottom)} px from the top`);
    expect(clvBottom).toBeLessThanOrEqual(FIRST_SCREEN);
    expect(await page.getByRole("textbox", { name: /Horizon/ }).count()).toBe(0);
  });

  it("builds a scorecard from a selected survey, with the values overall and per segment", async () => {
    await page.goto(`${origin}/taskpane.html`);
    const useRange = page.getByRole("button", { name: "Use selected range" });
    await useRange.waitFor({ timeout: 30000 });

    // Select the survey and read it.
    await page.evaluate((rows) => (window as unknown as { __kpiFake: { select(s: string, a: string): void } }).__kpiFake.select("Survey", `A1:E${rows + 1}`), PANE_ROWS);
    await useRange.click();
    const npsBox = page.getByRole("combobox", { name: /Column B: How likely/ });
    await npsBox.waitFor();
    expect(await npsBox.textContent()).toContain("NPS answers (0-10)");
    expect(await page.getByRole("combobox", { name: /Column A: Respondent email/ }).textContent()).toContain("Not used");
    expect(await page.getByRole("combobox", { name: /Column D: Plan/ }).textContent()).toContain("Segment");
    expect(await page.getByRole("combobox", { name: /Column E: Response date/ }).textContent()).toContain("Date (trend)");
    const scoreBox = page.getByRole("combobox", { name: /Column C: Score/ });
    expect(await scoreBox.textContent()).toContain("Not used"); // 1..5 without a telling header: the user decides

    // Change one proposal with the keyboard: Score is the CSAT question.
    await scoreBox.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("option", { name: "CSAT answers (1-5)" }).click();
    await page.getByRole("group", { name: /\(CSAT\)/ }).waitFor();
    expect(await scoreBox.textContent()).toContain("CSAT answers (1-5)");

    // A target, the Values mode, and build.
    await page.getByRole("group", { name: /\(NPS\)/ }).getByRole("textbox", { name: "Target", exact: true }).fill("40");
    await page.getByRole("radio", { name: /^Values/ }).check();

    // At 360 px every KPI box holds its inputs, inputs side by side keep a gap, nothing scrolls sideways.
    const layout: Layout = await page.evaluate(() => {
      const overflowing: string[] = [];
      let narrowestGap = Infinity;
      for (const fieldset of document.querySelectorAll("fieldset")) {
        const box = fieldset.getBoundingClientRect();
        const inputs = [...fieldset.querySelectorAll("input")].map((i) => ({ id: i.id, r: (i.closest(".fui-Input") ?? i).getBoundingClientRect() }));
        for (const { id, r } of inputs) if (r.left < box.left || r.right > box.right) overflowing.push(id);
        for (const a of inputs) {
          for (const b of inputs) if (a !== b && Math.abs(a.r.top - b.r.top) < 1 && b.r.left >= a.r.left) narrowestGap = Math.min(narrowestGap, b.r.left - a.r.right);
        }
      }
      return { pageWidth: document.documentElement.scrollWidth, overflowing, narrowestGap };
    });
    expect(layout.overflowing).toEqual([]);
    expect(layout.narrowestGap).toBeGreaterThanOrEqual(8);
    expect(layout.pageWidth).toBeLessThanOrEqual(PANE_WIDTH);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: FORM_SCREENSHOT, fullPage: true });

    // Keyboard: Tab, going round the page once, reaches every control (one radio or tab per
    // group, as radio groups and tab lists do), and Enter builds.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let first: string | null = null;
    for (let i = 0; i < 300; i++) {
      await page.keyboard.press("Tab");
      const at = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        el.setAttribute("data-tabbed", "");
        el.id ||= `tabbed-${document.querySelectorAll("[data-tabbed]").length}`;
        return el.id;
      });
      if (at === null) continue; // past the last control, before focus comes round to the first
      if (at === first) break;
      first ??= at;
    }
    const unreached = await page.evaluate(() => {
      const controls = [...document.querySelectorAll<HTMLElement>("button, input, [role=combobox], [role=tab]")].filter(
        (el) => el.offsetParent !== null && !el.hasAttribute("disabled") && el.getAttribute("aria-disabled") !== "true",
      );
      // Radios and tabs are reached one per group; arrow keys move within a group.
      const groups = new Map<string, HTMLElement[]>();
      const missed: string[] = [];
      for (const el of controls) {
        const group =
          el instanceof HTMLInputElement && el.type === "radio"
            ? `radio group ${el.name}`
            : el.getAttribute("role") === "tab"
              ? `tab list ${el.closest("[role=tablist]")?.getAttribute("aria-label") ?? ""}`
              : null;
        if (group) groups.set(group, [...(groups.get(group) ?? []), el]);
        else if (!el.hasAttribute("data-tabbed")) missed.push(el.getAttribute("aria-label") || el.id || el.textContent || el.tagName);
      }
      for (const [name, members] of groups) if (!members.some((r) => r.hasAttribute("data-tabbed"))) missed.push(name);
      return missed;
    });
    expect(unreached).toEqual([]);
    await page.getByRole("button", { name: "Build new sheet", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.getByText('Built "KPI Scorecard"').waitFor({ timeout: 30000 });

    // The workbook holds the expected values, overall and per Plan.
    const grid = await page.evaluate(() => (window as unknown as { __kpiFake: SheetReader }).__kpiFake.grid("KPI Scorecard"));
    const header = grid.findIndex((row) => row[0] === "KPI");
    expect(header).toBeGreaterThanOrEqual(0);
    const headerRow = grid[header];
    const valueCol = headerRow.indexOf("Value");
    const rowOf = (prefix: string) => grid.find((row) => typeof row[0] === "string" && row[0].startsWith(prefix)) ?? [];
    const survey = paneSurvey();
    const nps = (rows: (string | number)[][]) => expectedNps(rows.map((r) => r[1] as number));
    const csat = (rows: (string | number)[][]) => expectedCsat(rows.map((r) => r[2] as number));
    const npsRow = rowOf("Net Promoter Score");
    const csatRow = rowOf("Customer Satisfaction");
    expect(npsRow[valueCol] as number).toBeCloseTo(nps(survey), 9);
    expect(csatRow[valueCol] as number).toBeCloseTo(csat(survey), 9);
    // The segments are a panel of their own under the KPI table ("By Plan, each with its n"), its
    // columns headed by the bare label that their formulas compare with.
    const panel = grid.findIndex((row, r) => r > header && typeof row[0] === "string" && row[0].startsWith("By "));
    expect(panel).toBeGreaterThan(header);
    const panelRowOf = (prefix: string) => grid.slice(panel + 1).find((row) => typeof row[0] === "string" && row[0].startsWith(prefix)) ?? [];
    for (const plan of PLANS) {
      const col = grid[panel].indexOf(plan);
      expect(col).toBeGreaterThan(0);
      const rows = survey.filter((r) => r[3] === plan);
      expect({ plan, nps: panelRowOf("Net Promoter Score")[col] }).toEqual({ plan, nps: expect.closeTo(nps(rows), 9) });
      expect({ plan, csat: panelRowOf("Customer Satisfaction")[col] }).toEqual({ plan, csat: expect.closeTo(csat(rows), 9) });
    }
    // Period labels stay text ("2023-01"), not dates.
    expect(grid.find((row) => typeof row[0] === "string" && row[0].startsWith("Trend by month"))?.slice(1, 3)).toEqual(["2023-01", "2023-02"]);
    const fakeState = await page.evaluate(() => {
      const f = (window as unknown as { __kpiFake: { sheetNames(): string[]; visibility(s: string): string; runs(): { delayForCellEdit: boolean }[] } }).__kpiFake;
      return { names: f.sheetNames(), spec: f.visibility("KPI_Spec"), runs: f.runs() };
    });
    expect(fakeState.names).toEqual(["Survey", "KPI Scorecard", "KPI_Spec"]);
    expect(fakeState.spec).toBe("VeryHidden");
    expect(fakeState.runs.every((r) => r.delayForCellEdit)).toBe(true);

    // The pane shows the overall values it wrote, still without a sideways scroll at 360 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PANE_WIDTH);
    // The results table (the columns step also shows a table: the CPI's inputs).
    const table = await page.getByRole("table").filter({ hasText: "95% interval" }).textContent();
    expect(table).toContain(nps(survey).toFixed(1));

    // Accessibility: no serious or critical axe violation.
    // Evaluated, not added as a script tag: the page's CSP refuses inline scripts, as it should.
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown; html: string }[] }[] }> } }).axe;
      const result = await axe.run(document);
      // One known false positive: Fluent's focus manager (tabster) puts aria-hidden, focusable
      // <i data-tabster-dummy> sentinels around the tab list, which hand focus on at once and must
      // stay hidden from screen readers; Microsoft's Accessibility Insights drops aria-hidden-focus
      // on exactly these (microsoft/accessibility-insights-web#7605, microsoft/tabster#288).
      const dummy = (n: { html: string }) => /^<i\b[^>]*\bdata-tabster-dummy\b/.test(n.html);
      return result.violations
        .map((v) => (v.id === "aria-hidden-focus" ? { ...v, nodes: v.nodes.filter((n) => !dummy(n)) } : v))
        .filter((v) => v.nodes.length > 0)
        .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
    });
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);

    expect(pageErrors).toEqual([]);
    // The Content-Security-Policy of the dev server let the pane and Office.js do all of this.
    // One refusal is the policy at work, not a gap in it: Office.js, some seconds after loading
    // (sooner or later with the machine's load), tries to frame Microsoft's telemetry service,
    // which the add-in never lets it reach. Every other violation fails the test.
    const refusedTelemetry = (v: string) => /frame-src/.test(v) && v.includes(OFFICE_TELEMETRY);
    const refused = (await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).filter((v) => !refusedTelemetry(v));
    expect(refused).toEqual([]);
    expect(cspViolations.filter((v) => !refusedTelemetry(v))).toEqual([]);
  });

  it("sent no request beyond loopback (Office.js came from node_modules)", () => {
    expect(fromDisk[0]).toBe(OFFICE_JS_URL);
    expect(fromDisk.every((url) => url.startsWith(OFFICE_JS_BASE))).toBe(true);
    expect(leaks).toEqual([]);
  });
});
