import { defineConfig } from "prisma/config";

// Read directly (not through server/env) because the Prisma CLI runs outside the
// app; `env()` from prisma/config throws when unset, even for `prisma generate`.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
