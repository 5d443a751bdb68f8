// Prisma 6 CLI configuration for offline migration authoring and drift checks,
// driven by scripts/lib/prisma6.ts (which writes the v6 copy of the schema whose
// path arrives in PRISMA6_SCHEMA, and creates the databases).
//
// `engine: "js"` selects the WebAssembly schema engine shipped inside the
// prisma package, so nothing is downloaded. It reaches Postgres only through a
// driver adapter: the 7.x pg adapter, because the 6.19 one fails on Postgres
// `name` columns.
import { defineConfig } from "prisma/config";
import { OfflineMigratePg } from "./adapter";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: process.env.PRISMA6_SCHEMA ?? "",
  // The app's migrations, for `migrate status|deploy` (relative to this file).
  migrations: { path: "../../prisma/migrations" },
  async adapter() {
    return new OfflineMigratePg();
  },
});
