/** @jest-environment jsdom */
// Issue 14, item 5: in Internet Explorer 11 (Excel's fallback webview), the pane says that
// this Excel is too old instead of staying blank. The script must parse as ES5 to run there.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { runInNewContext } from "node:vm";
import { parse } from "acorn";

const SOURCE = readFileSync(path.join(__dirname, "..", "src", "taskpane", "oldwebview.js"), "utf8");

function runIn(userAgent: string, modern: boolean): { tooOld: boolean; text: string } {
  document.body.innerHTML = '<div id="root"></div>';
  const win: { navigator: { userAgent: string }; kpiWebviewTooOld?: boolean; globalThis?: unknown } = { navigator: { userAgent } };
  if (modern) win.globalThis = win;
  // Function throws: the check must not compile code (the page's CSP refuses eval).
  const Function = () => {
    throw new EvalError("Refused to evaluate a string as JavaScript");
  };
  runInNewContext(SOURCE, { window: win, document, Function, eval: Function });
  return { tooOld: win.kpiWebviewTooOld === true, text: document.getElementById("root")?.textContent ?? "" };
}

describe("the message for webviews too old to run the add-in", () => {
  it("parses as ES5, as Internet Explorer 11 needs", () => {
    expect(() => parse(SOURCE, { ecmaVersion: 5, sourceType: "script" })).not.toThrow();
  });

  it("tells an Internet Explorer 11 user that this Excel is too old, and what to do", () => {
    const got = runIn("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", true);
    expect(got.tooOld).toBe(true);
    expect(got.text).toMatch(/too old/);
    expect(got.text).toMatch(/Excel on the web/);
    expect(got.text).toMatch(/Version 2101/);
  });

  it("tells a webview without ES2020's built-ins (EdgeHTML 18) the same", () => {
    expect(runIn("Mozilla/5.0 (Windows NT 10.0) Edge/18.19041", false).tooOld).toBe(true);
  });

  it("stays silent in a current webview", () => {
    expect(runIn("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0", true)).toEqual({ tooOld: false, text: "" });
  });

  it("is loaded by the pane's page before Office.js and the bundles", () => {
    const html = readFileSync(path.join(__dirname, "..", "src", "taskpane", "taskpane.html"), "utf8");
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts[0]).toBe("oldwebview.js");
  });
});
