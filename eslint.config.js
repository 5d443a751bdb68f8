import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

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
  {
    files: ["app/**", "server/**", "components/**", "lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/simulator/*", "**/simulator/*"],
              message: "The simulator is reached over HTTP only, like the real MyCirrus API.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/server/*", "@/server/**"],
              message: "Components use lib/ only; pass server actions and data in as props.",
            },
            { group: ["@/simulator/*"], message: "The simulator is reached over HTTP only." },
          ],
        },
      ],
    },
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
