// The add-in's URLs: manifest.xml is written for the dev server (https://localhost:3000/);
// the build writes dist/manifest.xml with every occurrence replaced by the production URL.
// Shared by webpack.config.js and test/manifest.test.ts.
"use strict";

const DEV_URL = "https://localhost:3000/";
/** Placeholder host used when ADDIN_PRODUCTION_URL is not set: set it before you deploy. */
const DEFAULT_PRODUCTION_URL = "https://kpi-addin.example.com/";

/**
 * The base URL that replaces DEV_URL: ADDIN_PRODUCTION_URL if set, else DEV_URL in development
 * and DEFAULT_PRODUCTION_URL in production. Always https, always ending in "/".
 */
function productionUrl(dev, env = process.env) {
  const url = env.ADDIN_PRODUCTION_URL || (dev ? DEV_URL : DEFAULT_PRODUCTION_URL);
  if (!/^https:\/\/[^/\s]+/.test(url)) {
    throw new Error(`ADDIN_PRODUCTION_URL must be an https URL, got "${url}"`);
  }
  return url.endsWith("/") ? url : `${url}/`;
}

/** The manifest with every DEV_URL (not only the first) replaced by baseUrl. */
function withBaseUrl(xml, baseUrl) {
  return String(xml).split(DEV_URL).join(baseUrl);
}

module.exports = { DEV_URL, DEFAULT_PRODUCTION_URL, productionUrl, withBaseUrl };
