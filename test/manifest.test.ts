/**
 * Offline checks of manifest.xml and of the dist/manifest.xml that the build writes.
 * Parsed with jsdom's XML parser (DOMParser, "application/xml"), which reports any
 * well-formedness error as a <parsererror> document.
 *
 * @jest-environment jsdom
 */
import { Buffer } from "node:buffer";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { DIST_DIR } from "./helpers/functionsRuntime";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEV_URL, MISSING_URL, productionUrl, withBaseUrl } = require("../scripts/manifest-url.cjs") as {
  DEV_URL: string;
  MISSING_URL: string;
  productionUrl: (dev: boolean, env?: Record<string, string | undefined>, local?: boolean) => string;
  withBaseUrl: (xml: string, baseUrl: string) => string;
};

const ROOT = path.resolve(__dirname, "..");
const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
};

const source = readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

function parse(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`manifest.xml is not well-formed XML: ${error.textContent}`);
  return doc;
}

let parseError: string | null = null;
const doc: Document = (() => {
  try {
    return parse(source);
  } catch (err) {
    parseError = err instanceof Error ? err.message : String(err);
    return new DOMParser().parseFromString("<Malformed/>", "application/xml");
  }
})();
const all = (): Element[] => Array.from(doc.getElementsByTagName("*"));
const byName = (local: string): Element[] => all().filter((e) => e.localName === local);
const one = (local: string): Element => {
  const found = byName(local);
  if (found.length !== 1) throw new Error(`expected one <${local}>, found ${found.length}`);
  return found[0];
};
const xsiType = (e: Element) => e.getAttributeNS(NS.xsi, "type");

/** Resources: id -> { kind (Images, Urls, ShortStrings, LongStrings), value }. */
function resources(): Map<string, { kind: string; value: string }[]> {
  const defs = new Map<string, { kind: string; value: string }[]>();
  const container = one("Resources");
  for (const e of Array.from(container.getElementsByTagName("*"))) {
    const id = e.getAttribute("id");
    if (id === null || e.parentElement === null) continue;
    const list = defs.get(id) ?? [];
    list.push({ kind: e.parentElement.localName, value: e.getAttribute("DefaultValue") ?? "" });
    defs.set(id, list);
  }
  return defs;
}

/** Which resource list an element's resid must point into. */
function expectedKind(e: Element): string {
  switch (e.localName) {
    case "Image":
      return "Images";
    case "SourceLocation":
    case "Runtime":
    case "FunctionFile":
    case "LearnMoreUrl":
      return "Urls";
    case "Description":
      return "LongStrings";
    default:
      return "ShortStrings"; // Label, Title, Namespace
  }
}

const referencing = () => all().filter((e) => e.hasAttribute("resid"));
const resolve = (resid: string) => resources().get(resid)?.[0]?.value;

/** Every URL in the manifest: DefaultValue attributes, AppDomain text. Namespace names aside. */
function urls(d: Document = doc): string[] {
  const found: string[] = [];
  for (const e of Array.from(d.getElementsByTagName("*"))) {
    for (const attr of Array.from(e.attributes)) {
      if (attr.name === "xmlns" || attr.name.startsWith("xmlns:")) continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(attr.value)) found.push(attr.value);
    }
    if (e.children.length === 0 && /^\s*[a-z][a-z0-9+.-]*:\/\//i.test(e.textContent ?? "")) {
      found.push((e.textContent ?? "").trim());
    }
  }
  return found;
}

/** The file in dist/ that a manifest URL names. */
const distPath = (url: string) => path.join(DIST_DIR, decodeURIComponent(new URL(url).pathname.slice(1)));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString("ascii", 12, 16)).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("manifest.xml", () => {
  it("is well-formed XML describing an Excel task pane add-in", () => {
    expect(parseError).toBeNull();
    const root = doc.documentElement;
    expect(root.localName).toBe("OfficeApp");
    expect(root.namespaceURI).toBe(NS.app);
    expect(xsiType(root)).toBe("TaskPaneApp");
    expect(byName("Host").filter((h) => h.getAttribute("Name") === "Workbook")).toHaveLength(1);
  });

  it("has a GUID for its id and a four-part version", () => {
    expect(one("Id").textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(one("Version").textContent).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("names its provider, display name and description", () => {
    expect(one("ProviderName").textContent?.trim()).not.toBe("");
    for (const name of ["DisplayName", "Description"]) {
      const element = doc.documentElement.getElementsByTagNameNS(NS.app, name)[0];
      expect(element.getAttribute("DefaultValue")?.trim()).not.toBe("");
    }
  });

  it("asks for no wider permission than reading and writing the document", () => {
    expect(one("Permissions").textContent?.trim()).toBe("ReadWriteDocument");
  });

  it("requires what the code uses: ExcelApi 1.12, SharedRuntime 1.1 and CustomFunctionsRuntime 1.3", () => {
    const sets = Object.fromEntries(byName("Set").map((s) => [s.getAttribute("Name"), s.getAttribute("MinVersion")]));
    expect(sets).toEqual({ ExcelApi: "1.12", SharedRuntime: "1.1", CustomFunctionsRuntime: "1.3" });
  });

  it("defines every resid that it references, exactly once and in the right list", () => {
    const defs = resources();
    const refs = referencing();
    expect(refs.length).toBeGreaterThan(0);
    for (const e of refs) {
      const resid = e.getAttribute("resid") as string;
      expect({ resid, definitions: defs.get(resid)?.length ?? 0 }).toEqual({ resid, definitions: 1 });
      expect({ resid, kind: defs.get(resid)?.[0].kind }).toEqual({ resid, kind: expectedKind(e) });
      expect(resid.length).toBeLessThanOrEqual(32);
    }
  });

  it("defines each resource id once and uses every resource it defines", () => {
    const defs = resources();
    for (const [id, list] of defs) expect({ id, definitions: list.length }).toEqual({ id, definitions: 1 });
    const used = new Set(referencing().map((e) => e.getAttribute("resid")));
    expect([...defs.keys()].filter((id) => !used.has(id))).toEqual([]);
  });

  it("keeps its strings within Office's length limits", () => {
    for (const [id, [{ kind, value }]] of resources()) {
      if (kind === "ShortStrings") expect({ id, length: value.length <= 125 }).toEqual({ id, length: true });
      if (kind === "LongStrings") expect({ id, length: value.length <= 250 }).toEqual({ id, length: true });
    }
  });

  it("puts the custom functions in the KPI namespace", () => {
    const namespace = one("Namespace");
    expect(resolve(namespace.getAttribute("resid") as string)).toBe("KPI");
  });

  it("runs the functions and the task pane in one long-lived shared runtime", () => {
    const runtime = one("Runtime");
    expect(runtime.getAttribute("lifetime")).toBe("long");
    const pageUrl = one("Page").getElementsByTagNameNS(NS.ov, "SourceLocation")[0].getAttribute("resid");
    const showTaskpane = byName("Action").find((a) => xsiType(a) === "ShowTaskpane") as Element;
    const paneUrl = showTaskpane.getElementsByTagNameNS(NS.ov, "SourceLocation")[0].getAttribute("resid");
    expect(pageUrl).toBe(runtime.getAttribute("resid"));
    expect(paneUrl).toBe(runtime.getAttribute("resid"));
    expect(one("FunctionFile").getAttribute("resid")).toBe(runtime.getAttribute("resid"));
  });

  it("has a ribbon button that opens the task pane", () => {
    const surface = byName("ExtensionPoint").find((e) => xsiType(e) === "PrimaryCommandSurface") as Element;
    const button = Array.from(surface.getElementsByTagNameNS(NS.ov, "Control")).find((c) => xsiType(c) === "Button");
    const action = button?.getElementsByTagNameNS(NS.ov, "Action")[0];
    expect(action && xsiType(action)).toBe("ShowTaskpane");
    expect(action?.getElementsByTagNameNS(NS.ov, "TaskpaneId")[0].textContent).toBe("ButtonId1");
  });

  it("uses https for every URL, all on the dev server that the build replaces", () => {
    const found = urls();
    expect(found.length).toBeGreaterThan(0);
    for (const url of found) {
      expect(url).toMatch(/^https:\/\//);
      expect(url.startsWith(DEV_URL)).toBe(true);
    }
  });

  it("points every URL at a file that the production build emits", () => {
    const missing = urls().filter((url) => !existsSync(distPath(url)));
    expect(missing).toEqual([]);
  });

  // https://learn.microsoft.com/javascript/api/manifest/appdomain: listing the SourceLocation's
  // domain "has no effect and can be misleading"; no path, no trailing slash. AppDomains may not
  // be empty (https://learn.microsoft.com/javascript/api/manifest/appdomains), so it is left out.
  it("lists no AppDomain that repeats the source's domain or ends in a slash", () => {
    const defaults = byName("DefaultSettings")[0];
    const source = new URL(defaults.getElementsByTagNameNS(NS.app, "SourceLocation")[0].getAttribute("DefaultValue") as string).origin;
    for (const d of byName("AppDomain").map((e) => e.textContent?.trim() ?? "")) {
      expect(d).not.toMatch(/\/$/);
      expect(new URL(d).origin).not.toBe(source);
      expect(new URL(d).pathname).toBe("/");
      expect(d).toBe(new URL(d).origin);
    }
    expect(byName("AppDomains").every((e) => e.getElementsByTagNameNS(NS.app, "AppDomain").length > 0)).toBe(true);
  });

  it("reads its metadata from functions.json and its code from functions.js, with ids outside the namespace", () => {
    const metadataUrl = resolve(one("Metadata").getElementsByTagNameNS(NS.ov, "SourceLocation")[0].getAttribute("resid") as string);
    const scriptUrl = resolve(one("Script").getElementsByTagNameNS(NS.ov, "SourceLocation")[0].getAttribute("resid") as string);
    expect(metadataUrl).toBe(`${DEV_URL}functions.json`);
    expect(scriptUrl).toBe(`${DEV_URL}functions.js`);
    const metadata = JSON.parse(readFileSync(distPath(metadataUrl as string), "utf8")) as { functions: { id: string; name: string }[] };
    expect(metadata.functions.length).toBeGreaterThan(0);
    for (const fn of metadata.functions) {
      expect(fn.id).toMatch(/^[A-Z][A-Z0-9_.]*$/);
      expect(fn.id.startsWith("KPI.")).toBe(false);
    }
  });

  it("has icon files of the sizes it declares, in assets/ and in dist/assets/", () => {
    const declared: [string, number][] = [
      [one("IconUrl").getAttribute("DefaultValue") as string, 32],
      [one("HighResolutionIconUrl").getAttribute("DefaultValue") as string, 64],
    ];
    for (const image of byName("Image").filter((e) => e.hasAttribute("size"))) {
      declared.push([resolve(image.getAttribute("resid") as string) as string, Number(image.getAttribute("size"))]);
    }
    for (const [url, size] of declared) {
      const relative = new URL(url).pathname.slice(1);
      for (const file of [path.join(ROOT, relative), distPath(url)]) {
        expect({ file, size: pngSize(file) }).toEqual({ file, size: { width: size, height: size } });
      }
    }
  });
});

describe("dist/manifest.xml", () => {
  it("is manifest.xml with every https://localhost:3000/ replaced by the production URL", () => {
    const built = readFileSync(path.join(DIST_DIR, "manifest.xml"), "utf8");
    const baseUrl = productionUrl(false, process.env, true); // what npm test built: build:local
    expect(built).toBe(withBaseUrl(source, baseUrl));
    if (baseUrl !== DEV_URL) expect(built).not.toContain("localhost:3000");
    parse(built);
  });

  it("takes its production URL from ADDIN_PRODUCTION_URL and replaces all occurrences, not just the first", () => {
    const baseUrl = productionUrl(false, { ADDIN_PRODUCTION_URL: "https://kpi.contoso.com/addin" });
    expect(baseUrl).toBe("https://kpi.contoso.com/addin/");
    const built = withBaseUrl(source, baseUrl);
    const occurrences = source.split(DEV_URL).length - 1;
    expect(occurrences).toBeGreaterThan(1);
    expect(built).not.toContain(DEV_URL);
    expect(built.split(baseUrl).length - 1).toBe(occurrences);
    expect(urls(parse(built)).every((url) => url.startsWith(baseUrl))).toBe(true);
  });

  it("stops a production build without ADDIN_PRODUCTION_URL with one line, never writing a placeholder host", () => {
    expect(() => productionUrl(false, {})).toThrow(MISSING_URL);
    expect(productionUrl(true, {})).toBe(DEV_URL);
    expect(productionUrl(false, {}, true)).toBe(DEV_URL);
    const env = { ...process.env };
    delete env.ADDIN_PRODUCTION_URL;
    const config = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(path.join(ROOT, "webpack.config.js"))})({}, { mode: "production" })`], { env, encoding: "utf8" });
    expect(config.status).toBe(2);
    expect(config.stderr.trim().split("\n")).toEqual([`webpack: ${MISSING_URL}`]);
  });

  it("refuses a production URL that is not https", () => {
    expect(() => productionUrl(false, { ADDIN_PRODUCTION_URL: "http://kpi.contoso.com/" })).toThrow(/https/);
  });
});

describe("dist/functions.json", () => {
  it("links each function's help to the production URL, at a file that the build emits", () => {
    const baseUrl = productionUrl(false, process.env, true);
    const metadata = JSON.parse(readFileSync(path.join(DIST_DIR, "functions.json"), "utf8")) as {
      functions: { id: string; helpUrl?: string }[];
    };
    for (const { id, helpUrl } of metadata.functions) {
      if (helpUrl === undefined) continue;
      expect({ id, helpUrl }).toEqual({ id, helpUrl: expect.stringMatching(/^https:\/\//) });
      if (baseUrl !== DEV_URL) expect({ id, helpUrl }).toEqual({ id, helpUrl: expect.not.stringContaining(DEV_URL) });
      if (helpUrl.startsWith(baseUrl)) {
        const file = path.join(DIST_DIR, decodeURIComponent(new URL(helpUrl).pathname.slice(new URL(baseUrl).pathname.length)));
        expect({ id, emitted: existsSync(file) }).toEqual({ id, emitted: true });
      }
    }
  });
});
