// Stand-in for the office-addin-manifest package in tests (jest.config.js moduleNameMapper).
// Test helpers such as office-addin-mock import it, but tests never read a manifest through it:
// test/manifest.test.ts parses manifest.xml itself, offline.
export class OfficeAddinManifest {}

export async function readManifestFile(): Promise<never> {
  throw new Error("office-addin-manifest is stubbed in tests; parse manifest.xml directly");
}

export default { OfficeAddinManifest, readManifestFile };
