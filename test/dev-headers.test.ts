import { CONTENT_SECURITY_POLICY, devServerHeaders, isOfficeOrigin } from "../scripts/dev-headers.cjs";

describe("the dev server's headers", () => {
  it("allow cross-origin reads only from Office's origins, echoing the origin, never '*'", () => {
    expect(devServerHeaders("https://excel.officeapps.live.com")["Access-Control-Allow-Origin"]).toBe("https://excel.officeapps.live.com");
    expect(devServerHeaders("https://contoso.sharepoint.com")["Access-Control-Allow-Origin"]).toBe("https://contoso.sharepoint.com");
    for (const origin of ["https://evil.example", "https://officeapps.live.com.evil.example", "http://excel.officeapps.live.com", "null", undefined]) {
      expect(devServerHeaders(origin)).not.toHaveProperty("Access-Control-Allow-Origin");
    }
    expect(devServerHeaders("https://evil.example").Vary).toBe("Origin");
  });

  it("allow the dev server's own origin", () => {
    expect(isOfficeOrigin("https://localhost:3000", "https://localhost:3000")).toBe(true);
    expect(isOfficeOrigin("https://localhost:3001", "https://localhost:3000")).toBe(false);
  });

  it("send a Content-Security-Policy that loads scripts only from the add-in and Office.js's CDN, and lets only Office frame the pane", () => {
    const policy = new Map(CONTENT_SECURITY_POLICY.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
    expect(policy.get("script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toContain("https://*.officeapps.live.com");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*(?!\.)/);
    expect(devServerHeaders(undefined)["Content-Security-Policy"]).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe("webpack.config.js", () => {
  it("serves with these headers, not Access-Control-Allow-Origin: *", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS config, as webpack loads it
    const factory = require("../webpack.config.js") as (env: object, options: object) => Promise<{ devServer?: { headers?: unknown } }>;
    const config = await factory({ WEBPACK_SERVE: true }, { mode: "development" });
    warn.mockRestore();
    const headers = config.devServer?.headers;
    expect(typeof headers).toBe("function");
    const forOrigin = (origin: string) => (headers as (req: { headers: { origin?: string } }) => Record<string, string>)({ headers: { origin } });
    expect(forOrigin("https://evil.example")).not.toHaveProperty("Access-Control-Allow-Origin");
    expect(forOrigin("https://excel.officeapps.live.com")["Access-Control-Allow-Origin"]).toBe("https://excel.officeapps.live.com");
    expect(forOrigin("https://evil.example")["Content-Security-Policy"]).toBe(CONTENT_SECURITY_POLICY);
  });
});
