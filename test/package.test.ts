/** package.json as npm reads it: install-script policy, and the scripts of Microsoft's add-in templates. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { allowScripts?: Record<string, boolean>; scripts: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
};

describe("allowScripts (npm 11's install-script policy)", () => {
  it("reviews every dependency that has an install script, so npm ci warns about none", () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== "" && p.hasInstallScript)
      .map(([path, p]) => ({ name: path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length), version: p.version }));
    expect(withScripts.length).toBeGreaterThan(0);
    const allowed = pkg.allowScripts ?? {};
    const unreviewed = withScripts.filter(({ name, version }) => !(name in allowed) && !(`${name}@${version}` in allowed));
    expect(unreviewed).toEqual([]);
  });

});

describe("the template's scripts", () => {
  it("has lint, lint:fix and prettier, as Microsoft's add-in templates do", () => {
    expect(pkg.scripts.lint).toMatch(/eslint src test scripts/);
    expect(pkg.scripts["lint:fix"]).toBe("eslint src test scripts --fix");
    expect(pkg.scripts.prettier).toBe("node scripts/prettier.mjs");
  });

  it("has Prettier as a dev dependency, which the prettier script finds with the house options", () => {
    expect(pkg.devDependencies.prettier).toMatch(/^\^3\./);
    expect(existsSync(join(ROOT, ".prettierrc.json"))).toBe(true);
    const probe = spawnSync(process.execPath, ["-e", "require.resolve('prettier/bin/prettier.cjs')"], { cwd: ROOT, encoding: "utf8" });
    expect(probe.status).toBe(0);
  });
});
