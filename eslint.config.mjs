import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const prismaImports = {
  paths: [
    { name: "@prisma/client", message: "Only lib/dal and lib/db.ts touch Prisma: call a lib/dal function." },
    { name: "@/lib/db", message: "Only lib/dal touches the database: call a lib/dal function." },
  ],
  patterns: [
    { group: ["@/lib/generated/*", "**/lib/generated/*"], message: "Only lib/dal and lib/db.ts touch Prisma." },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTypeScript,
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "lib/generated/**",
    ".data/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "bench-results/**",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/ban-ts-comment": [
        "error",
        { "ts-ignore": true, "ts-nocheck": true, "ts-expect-error": "allow-with-description" },
      ],
      "no-eval": "error",
      "no-new-func": "error",
    },
  },
  // Prisma stays behind the data access layer.
  {
    files: ["app/**", "pages/**", "components/**", "lib/**"],
    ignores: ["lib/dal/**", "lib/db.ts"],
    rules: { "no-restricted-imports": ["error", prismaImports] },
  },
  // The public pages' reads have no `import "server-only"` (the Pages Router rejects it: see
  // lib/dal/public-read.ts), so this rule keeps them, and the settings, out of components.
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          ...prismaImports,
          paths: [
            ...prismaImports.paths,
            {
              name: "@/lib/dal/public-read",
              allowTypeImports: true,
              message: "Components take the public data as props: read it in the page's getServerSideProps.",
            },
            { name: "@/lib/env", message: "Settings are read on the server, by lib code." },
          ],
          patterns: [
            ...prismaImports.patterns,
            {
              group: ["@/app/*", "@/app/**"],
              message:
                "Components never import from app/: take server actions from useTreeActions() or as props from the page.",
            },
          ],
        },
      ],
    },
  },
  // The engine is pure: no framework, no database, no I/O.
  {
    files: ["lib/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next", "next/*", "react", "react-dom", "@prisma/*", "pg", "@/lib/db", "@/lib/dal/*", "node:*"],
              message: "lib/domain is pure TypeScript.",
            },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Pass asOf instead of reading the clock." },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "lib/domain reads no environment." }],
    },
  },
]);
