// Builds dist/ for the KPI add-in.
//
//   dist/functions.js    custom functions, self-contained: no chunk loading, no React, no Office.js.
//                        Excel may evaluate it in a bare JS context (globals: CustomFunctions, self).
//   dist/functions.json  custom function metadata, generated from the JSDoc in src/functions/functions.ts
//   dist/taskpane.html   the shared-runtime page: loads Office.js (CDN), functions.js and taskpane.js
//   dist/taskpane.js     the React + Fluent UI task pane
//   dist/help.html       the support / "learn more" page named in the manifest, with the list of
//                        functions made from functions.json (scripts/help-functions.cjs)
//   dist/README.md       the function reference that the functions' @helpurl links point at
//   dist/manifest.xml    manifest.xml with every https://localhost:3000/ replaced by the production URL
//   dist/assets/         icons
//
// Environment:
//   ADDIN_PRODUCTION_URL  base URL (ending in /) where dist/ is hosted; replaces every
//                         https://localhost:3000/ in dist/manifest.xml and dist/functions.json.
//                         Required by a production build (it stops with one line without it),
//                         except `--env local` (npm run build:local, what npm test builds), which
//                         keeps https://localhost:3000/. A development build keeps localhost.
//   HOST                  dev-server bind address (default 127.0.0.1). PORT overrides 3000.
const fs = require("fs");
const os = require("os");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { productionUrl, withBaseUrl } = require("./scripts/manifest-url.cjs");
const { devServerHeaders } = require("./scripts/dev-headers.cjs");
const { functionTable } = require("./scripts/help-functions.cjs");

const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const DEV_SERVER_PORT = Number(process.env.PORT || process.env.npm_package_config_dev_server_port || 3000);

/**
 * https options for the dev server, from office-addin-dev-certs' files when they exist.
 * On Windows and macOS, getHttpsServerOptions() also makes sure the CA is trusted. On Linux it
 * cannot trust the CA for the browser (and, failing to install it system-wide, would make a new
 * CA at every start), so the files are read as they are; `npm start` creates them.
 */
async function httpsOptions() {
  const dir = path.join(os.homedir(), ".office-addin-dev-certs");
  const [ca, cert, key] = ["ca.crt", "localhost.crt", "localhost.key"].map((f) => path.join(dir, f));
  if (![ca, cert, key].every((f) => fs.existsSync(f))) {
    console.warn(
      "webpack: no Office dev certificates in ~/.office-addin-dev-certs; serving with a " +
        "self-signed certificate that Office will not trust. Run `npx office-addin-dev-certs install`.",
    );
    return {};
  }
  if (process.platform === "win32" || process.platform === "darwin") {
    try {
      return await require("office-addin-dev-certs").getHttpsServerOptions();
    } catch (err) {
      console.warn(`webpack: ${String(err && err.message ? err.message : err).split("\n")[0]}`);
    }
  }
  return { ca: fs.readFileSync(ca), cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
}

/**
 * Replaces the dev URL in emitted text assets (functions.json's help URLs) by the production URL,
 * as CopyWebpackPlugin does for manifest.xml.
 */
class ProductionUrlPlugin {
  constructor(files, baseUrl) {
    this.files = files;
    this.baseUrl = baseUrl;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("ProductionUrlPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "ProductionUrlPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE },
        () => {
          for (const file of this.files) {
            const asset = compilation.getAsset(file);
            if (!asset) continue;
            const text = asset.source.source().toString();
            compilation.updateAsset(file, new sources.RawSource(withBaseUrl(text, this.baseUrl)));
          }
        },
      );
    });
  }
}

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  let baseUrl;
  try {
    baseUrl = productionUrl(dev, process.env, Boolean(env && env.local));
  } catch (err) {
    // One readable line, not webpack's stack trace of its configuration.
    console.error(`webpack: ${err.message}`);
    process.exit(2);
  }
  const serving = Boolean(env && env.WEBPACK_SERVE) || process.env.WEBPACK_SERVE === "true";

  return {
    mode: dev ? "development" : "production",
    // functions.js must run in a bare context: eval-based source maps would break it.
    devtool: dev ? "source-map" : false,
    target: ["web", "es2020"],
    entry: {
      functions: {
        import: "./src/functions/functions.ts",
        chunkLoading: false,
        asyncChunks: false,
      },
      taskpane: {
        import: "./src/taskpane/index.tsx",
        asyncChunks: false,
      },
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              transpileOnly: true,
              compilerOptions: { noEmit: false, sourceMap: dev, module: "esnext" },
            },
          },
        },
      ],
    },
    optimization: {
      splitChunks: false,
      runtimeChunk: false,
    },
    // Size budgets are enforced by test/bundle.test.ts (functions.js <= 60 KB gz, pane <= 350 KB gz).
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        input: "./src/functions/functions.ts",
        output: "functions.json",
      }),
      new ProductionUrlPlugin(["functions.json"], baseUrl),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        // Shared runtime: one page holds both the custom functions and the task pane.
        chunks: ["functions", "taskpane"],
        chunksSortMode: "manual",
        scriptLoading: "defer",
        templateParameters: { officeJsUrl: OFFICE_JS_URL },
      }),
      // "/" of the dev server (and of a host serving dist/): how to use the add-in, not a 404.
      new HtmlWebpackPlugin({
        filename: "index.html",
        template: "./src/taskpane/index.html",
        chunks: [],
        inject: false,
      }),
      new HtmlWebpackPlugin({
        filename: "help.html",
        template: "./src/taskpane/help.html",
        chunks: [],
        inject: false,
        // The list of functions, from the functions.json this compilation emits (what Excel shows).
        templateParameters: (compilation) => {
          const metadata = compilation.getAsset("functions.json");
          if (!metadata) throw new Error("help.html: functions.json was not generated, so the help page cannot list the functions");
          return { functionTable: functionTable(JSON.parse(metadata.source.source().toString())) };
        },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets", to: "assets", globOptions: { ignore: ["**/*.md"] } },
          // Copied as written (ES5), never bundled: it must parse in Internet Explorer 11.
          { from: "src/taskpane/oldwebview.js", to: "oldwebview.js" },
          // The functions' @helpurl links point at README.md sections.
          { from: "README.md", to: "README.md", noErrorOnMissing: true },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => withBaseUrl(content, baseUrl),
          },
        ],
      }),
    ],
    devServer: serving
      ? {
          host: process.env.HOST || "127.0.0.1",
          port: DEV_SERVER_PORT,
          // CORS for Office's origins only (never "*"), and the add-in's Content-Security-Policy.
          headers: (req) => devServerHeaders(req.headers.origin, `https://localhost:${DEV_SERVER_PORT}`),
          server: { type: "https", options: await httpsOptions() },
          static: false,
          hot: false,
          liveReload: false,
          client: false,
          webSocketServer: false,
        }
      : undefined,
  };
};
