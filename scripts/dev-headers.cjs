// The response headers of the dev server (webpack.config.js), and of the browser test that
// serves the production build: CORS only for the origins Office runs add-ins from, and a
// Content-Security-Policy that allows exactly what the add-in loads (its own files and Office.js
// from Microsoft's CDN) and the Office hosts that frame the task pane.
"use strict";

/** Where Office.js comes from (the manifest's pages load it from this CDN). */
const OFFICE_JS_ORIGIN = "https://appsforoffice.microsoft.com";

/**
 * Hosts of Office on the web, which frame the task pane and may fetch the custom functions'
 * files: Excel on the web (*.officeapps.live.com), and the Microsoft 365 pages around it.
 */
const OFFICE_HOSTS = [
  "https://*.officeapps.live.com",
  "https://*.office.com",
  "https://*.office365.com",
  "https://*.microsoft365.com",
  "https://*.cloud.microsoft",
  "https://*.sharepoint.com",
  "https://onedrive.live.com",
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const HOST_PATTERNS = OFFICE_HOSTS.map((h) =>
  h.startsWith("https://*.")
    ? new RegExp(`^https://([a-z0-9-]+\\.)+${escape(h.slice("https://*.".length))}$`, "i")
    : new RegExp(`^${escape(h)}$`, "i"),
);

/** Whether `origin` (an Origin header) is one of Office's, or the add-in's own dev server. */
function isOfficeOrigin(origin, self) {
  if (typeof origin !== "string" || origin === "" || origin === "null") return false;
  if (self && origin === self) return true;
  return HOST_PATTERNS.some((re) => re.test(origin));
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' ${OFFICE_JS_ORIGIN}`,
  // Fluent UI (Griffel) inserts its styles at run time; taskpane.html has one <style>.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  `frame-ancestors 'self' ${OFFICE_HOSTS.join(" ")}`,
].join("; ");

/**
 * Headers for a response to a request with this Origin: the CSP always, and CORS only when
 * the origin is Office's (echoed, never "*").
 */
function devServerHeaders(origin, self) {
  const headers = { "Content-Security-Policy": CONTENT_SECURITY_POLICY, Vary: "Origin", "X-Content-Type-Options": "nosniff" };
  if (isOfficeOrigin(origin, self)) headers["Access-Control-Allow-Origin"] = origin;
  return headers;
}

module.exports = { CONTENT_SECURITY_POLICY, OFFICE_HOSTS, OFFICE_JS_ORIGIN, devServerHeaders, isOfficeOrigin };
