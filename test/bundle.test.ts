// Checks the production build in dist/ (`npm test` runs `npm run build` first): what Excel
// loads must be small, self-contained and free of calls home.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { DIST_DIR, loadFunctions } from "./helpers/functionsRuntime";

const FUNCTIONS_GZ_BUDGET = 60 * 1024;
const TASKPANE_GZ_BUDGET = 350 * 1024;
const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/** URLs that may appear in shipped JavaScript: none of them is fetched by our code. */
const ALLOWED_URL_PREFIXES = [
  OFFICE_JS_URL,
  // Microsoft's documentation, linked from messages.
  "https://learn.microsoft.com/",
  "https://docs.microsoft.com/",
  "https://go.microsoft.com/fwlink/",
  "https://aka.ms/",
  // XML namespace names (SVG, XLink, XHTML, MathML) used by React DOM: identifiers, never fetched.
  "http://www.w3.org/",
  // React's production error messages point at its error decoder page.
  "https://reactjs.org/docs/error-decoder.html",
  "https://react.dev/errors/",
];

const distFile = (name: string) => path.join(DIST_DIR, name);
const gzSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The src/href of every <script> / <link> tag in taskpane.html, in order (quoted or not). */
function taskpaneRefs(tag: "script" | "link"): string[] {
  const html = readFileSync(distFile("taskpane.html"), "utf8");
  const attr = tag === "script" ? "src" : "href";
  const pattern = new RegExp(`<${tag}\\b[^>]*?\\s${attr}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "gi");
  return [...html.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Local files (scripts, stylesheets) that taskpane.html loads from dist/. */
function taskpaneAssets(): string[] {
  const refs = [...taskpaneRefs("script"), ...taskpaneRefs("link")];
  return refs.filter((ref) => !/^(https?:)?\/\//i.test(ref)).map((ref) => ref.replace(/^\.?\//, "").split(/[?#]/)[0]);
}

describe("dist/functions.js", () => {
  const source = () => readFileSync(distFile("functions.js"), "utf8");

  it("is at most 60 KB gzipped", () => {
    const size = gzSize(distFile("functions.js"));
    console.log(`functions.js: ${kb(source().length)} raw, ${kb(size)} gzipped`);
    expect(size).toBeLessThanOrEqual(FUNCTIONS_GZ_BUDGET);
  });

  it("registers every id of functions.json and nothing else when evaluated in a bare context", () => {
    const { registered, metadata } = loadFunctions();
    const ids = metadata.functions.map((f) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...registered.keys()].sort()).toEqual([...ids].sort());
  });

  it("loads no chunks at run time", () => {
    const js = source();
    for (const marker of ["webpackChunk", "__webpack_require__.e", "ChunkLoadError", "Loading chunk"]) {
      expect(js).not.toContain(marker);
    }
  });

  it("is not split: dist/ holds no script but functions.js, taskpane.js and the ES5 oldwebview.js", () => {
    const scripts = readdirSync(DIST_DIR).filter((f) => f.endsWith(".js"));
    expect(scripts.sort()).toEqual(["functions.js", "oldwebview.js", "taskpane.js"]);
  });

  it("contains neither React nor Office.js", () => {
    const js = source();
    expect(js).not.toMatch(/react\.(production|development)|__SECRET_INTERNALS|ReactCurrentOwner/);
    expect(js).not.toMatch(/OfficeExtension|Office\.onReady|Excel\.run/);
  });
});

describe("the task pane", () => {
  it("loads the ES5 webview check, then Office.js from Microsoft's CDN, then functions.js, then taskpane.js", () => {
    expect(taskpaneRefs("script")).toEqual(["oldwebview.js", OFFICE_JS_URL, expect.stringMatching(/functions\.js$/), expect.stringMatching(/taskpane\.js$/)]);
  });

  it("downloads at most 350 KB gzipped from dist/, Office.js aside", () => {
    const assets = taskpaneAssets();
    expect(assets).toEqual(expect.arrayContaining(["functions.js", "taskpane.js"]));
    const total = assets.reduce((sum, asset) => sum + gzSize(distFile(asset)), 0);
    console.log(`taskpane.html loads ${assets.join(", ")}: ${kb(total)} gzipped`);
    expect(total).toBeLessThanOrEqual(TASKPANE_GZ_BUDGET);
  });
});

describe("the shipped JavaScript", () => {
  it("names no http(s) URL but Office.js and Microsoft's documentation, so nothing calls home", () => {
    const offending: string[] = [];
    for (const file of readdirSync(DIST_DIR).filter((f) => f.endsWith(".js"))) {
      const js = readFileSync(distFile(file), "utf8");
      for (const [url] of js.matchAll(/https?:\/\/[^\s"'`<>()\\]+/gi)) {
        if (!ALLOWED_URL_PREFIXES.some((prefix) => url.startsWith(prefix))) offending.push(`${file}: ${url}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
