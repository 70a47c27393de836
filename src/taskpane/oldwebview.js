/*
 * The one script of the pane written in ES5, so that it parses in Internet Explorer 11.
 *
 * With a shared runtime, Excel on Windows falls back to Internet Explorer 11's webview where
 * WebView2 is missing or Office is older than Microsoft 365 Version 2101 (Build 13530.20424)
 * ("an add-in with a <Runtimes> element always uses Internet Explorer 11" when the WebView2
 * conditions are not met: https://learn.microsoft.com/javascript/api/manifest/runtimes). Our
 * ES2020 bundles do not parse there: the functions never register and the pane would stay
 * blank. This script says so instead. Microsoft's check is the user agent ("Trident",
 * https://learn.microsoft.com/office/dev/add-ins/develop/support-ie-11); any other webview that
 * cannot parse ES2020 (EdgeHTML 18 has no optional chaining) is caught by a built-in of the same
 * age that it lacks, globalThis (ES2020; not in IE11 or EdgeHTML 18:
 * https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/globalThis). The check
 * does not compile code: the add-in's Content-Security-Policy refuses eval, and an attempt is
 * reported as a violation even when caught.
 * test/oldwebview.test.ts parses this file as ES5 and runs it in both cases.
 */
(function () {
  "use strict";
  var MESSAGE_TITLE = "This Excel is too old for the KPI add-in";
  var MESSAGE_TEXT =
    "Its web view (Internet Explorer 11 or Edge Legacy) cannot run the add-in, so neither the task pane nor the KPI functions work here. " +
    "Update Office (Microsoft 365, Version 2101 or later, with the Microsoft Edge WebView2 Runtime installed), " +
    "use Office 2021 or later, or use Excel on the web.";

  function modernRuntime() {
    return typeof window.globalThis !== "undefined";
  }

  function tooOld() {
    var agent = (window.navigator && window.navigator.userAgent) || "";
    return agent.indexOf("Trident") !== -1 || !modernRuntime();
  }

  function show() {
    var root = document.getElementById("root") || document.body;
    while (root.firstChild) root.removeChild(root.firstChild);
    var box = document.createElement("div");
    box.setAttribute("role", "alert");
    box.style.fontFamily = "Segoe UI, sans-serif";
    box.style.padding = "16px";
    var title = document.createElement("h1");
    title.style.fontSize = "16px";
    title.appendChild(document.createTextNode(MESSAGE_TITLE));
    var text = document.createElement("p");
    text.style.fontSize = "13px";
    text.appendChild(document.createTextNode(MESSAGE_TEXT));
    box.appendChild(title);
    box.appendChild(text);
    root.appendChild(box);
  }

  window.kpiWebviewTooOld = tooOld();
  if (!window.kpiWebviewTooOld) return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
