// Lint: typescript-eslint's recommended rules, plus the project's own habits.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/spec/**", "coverage/**", ".conformance/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", fetch: "readonly", AbortController: "readonly", TextEncoder: "readonly", TextDecoder: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    // Workflows and the library layers are plain functions over a client: no console, no process.
    files: ["src/auth/**", "src/client/**", "src/workflows/**", "src/errors/**"],
    rules: {
      "no-console": "error",
      "no-restricted-globals": ["error", { name: "process", message: "Inject env, clock and streams instead of reading process in library layers." }],
    },
  },
);
