// ESLint 9 flat config: typescript-eslint's recommended rules for all sources.
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "node_modules/", "coverage/", ".tmp/", "test-artifacts/"] },
  tseslint.configs.recommended,
  {
    // CommonJS files load their dependencies with require().
    files: ["**/*.cjs", "webpack.config.js", "jest.config.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
