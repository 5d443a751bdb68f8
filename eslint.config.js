import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// ESLint keeps only the last `no-restricted-imports` that matches a file, so each block
// below lists every pattern that holds for its files.
const SIMULATOR = {
  group: ["@/simulator/*", "**/simulator/*"],
  message: "The simulator is reached over HTTP only, like the real MyCirrus API.",
};
/** Each `server/services/<domain>/index.ts` is that domain's public face. */
const DOMAIN_INTERNALS = {
  group: ["@/server/services/*/*", "**/server/services/*/*"],
  message: "Import the domain's index (@/server/services/<domain>), not a file inside it.",
};
const OTHER_DOMAIN_RELATIVE = {
  group: ["../*"],
  message: "Inside a domain import ./file; reach another domain through @/server/services/<domain>.",
};
const SERVER_FROM_UI = {
  group: ["@/server/*", "@/server/**"],
  message: "Components use lib/ only; pass server actions and data in as props.",
};
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

/** Layer rules from the architecture, enforced rather than remembered. */
const layerRules = [
  {
    files: ["app/**", "server/**", "components/**", "lib/**"],
    ignores: ["server/env.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read settings through server/env.ts, the only reader of process.env.",
        },
      ],
    },
  },
  // Tests, scripts and benchmarks may start the simulator, but still use a domain's index.
  { files: ["**/*.ts", "**/*.tsx"], rules: restrict(DOMAIN_INTERNALS) },
  { files: ["app/**", "server/**", "lib/**"], rules: restrict(SIMULATOR, DOMAIN_INTERNALS) },
  { files: ["server/services/**"], rules: restrict(SIMULATOR, DOMAIN_INTERNALS, OTHER_DOMAIN_RELATIVE) },
  { files: ["components/**"], rules: restrict(SIMULATOR, SERVER_FROM_UI) },
  {
    // An import cycle hides the layering; each one found so far was a design slip.
    files: ["server/**", "lib/**", "app/**", "components/**"],
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
];

const config = [
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "server/db/generated/**",
      "tools/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      ".stryker-tmp/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTypescript,
  ...layerRules,
  {
    // Tests assert on untyped JSON bodies from the wire; `any` there is honest.
    files: ["tests/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];
export default config;
