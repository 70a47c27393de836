// help.html, the page the manifest names for support: it lists every function the registry
// registers, made at build time from functions.json, each linked to its README section.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { FUNCTIONS } from "../src/functions/catalogue";
import { functionTable, readmeLink } from "../scripts/help-functions.cjs";
import { DIST_DIR } from "./helpers/functionsRuntime";

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");

describe("the help page's function list", () => {
  it("names each function as typed, with optional arguments in brackets, linked to its README section", () => {
    const html = functionTable({
      functions: [{ id: "NPS", name: "NPS", description: "Net Promoter Score <points> & more", helpUrl: "https://host.example/README.md#kpinps", parameters: [{ name: "responses" }, { name: "promoter_min", optional: true }] }],
    });
    expect(html).toContain('<a href="README.md#kpinps"><code>KPI.NPS</code></a>');
    expect(html).toContain("<code>responses, [promoter_min]</code>");
    expect(html).toContain("Net Promoter Score &lt;points&gt; &amp; more");
    expect(html).toContain("The 1 functions of the KPI namespace");
  });

  it("links to the README's top when a function has no help URL", () => {
    expect(readmeLink(undefined)).toBe("README.md");
    expect(readmeLink("https://localhost:3000/README.md#kpicsatci")).toBe("README.md#kpicsatci");
  });
});

describe("dist/help.html", () => {
  const html = () => readFileSync(path.join(DIST_DIR, "help.html"), "utf8");

  it("lists every function of the registry, and no other, each linked to a README section that exists", () => {
    const readme = readFileSync(path.join(DIST_DIR, "README.md"), "utf8");
    const anchors = new Set([...readme.matchAll(/^#+ (.+)$/gm)].map((m) => anchorOf(m[1])));
    const listed = [...html().matchAll(/<a href="?README\.md#([\w-]+)"?><code>KPI\.([\w.]+)<\/code><\/a>/g)].map((m) => ({ anchor: m[1], name: m[2] }));
    expect(listed.map((l) => l.name).sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
    for (const { name, anchor } of listed) expect({ name, anchor, inReadme: anchors.has(anchor) }).toEqual({ name, anchor, inReadme: true });
  });

  it("links the README itself, and says what Undo does", () => {
    expect(html()).toMatch(/<a href="?README\.md"?>function reference \(README\)<\/a>/);
    expect(html()).toMatch(/one Undo \(Ctrl\+Z\) straight after a build or a rebuild takes the whole of it back/);
    expect(html()).toMatch(/Elsewhere Excel's Undo may not take a build back/);
  });
});
