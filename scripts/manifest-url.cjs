// The add-in's URLs: manifest.xml is written for the dev server (https://localhost:3000/);
// the build writes dist/manifest.xml with every occurrence replaced by the production URL.
// Shared by webpack.config.js and test/manifest.test.ts.
"use strict";

const DEV_URL = "https://localhost:3000/";

/** The one line a production build without its URL stops with. */
const MISSING_URL =
  "ADDIN_PRODUCTION_URL is not set: a production build must name the https URL it is served from " +
  "(ADDIN_PRODUCTION_URL=https://your.host/ npm run build), or use npm run build:dev or npm run build:local for https://localhost:3000/";

/**
 * The base URL that replaces DEV_URL: ADDIN_PRODUCTION_URL if set; else DEV_URL for a development
 * build or a local production build (`--env local`: what `npm test` builds and serves itself);
 * a production build with neither throws MISSING_URL rather than write a placeholder host.
 * Always https, always ending in "/".
 */
function productionUrl(dev, env = process.env, local = false) {
  const url = env.ADDIN_PRODUCTION_URL || (dev || local ? DEV_URL : null);
  if (url === null) throw new Error(MISSING_URL);
  if (!/^https:\/\/[^/\s]+/.test(url)) {
    throw new Error(`ADDIN_PRODUCTION_URL must be an https URL, got "${url}"`);
  }
  return url.endsWith("/") ? url : `${url}/`;
}

/** The manifest with every DEV_URL (not only the first) replaced by baseUrl. */
function withBaseUrl(xml, baseUrl) {
  return String(xml).split(DEV_URL).join(baseUrl);
}

module.exports = { DEV_URL, MISSING_URL, productionUrl, withBaseUrl };
