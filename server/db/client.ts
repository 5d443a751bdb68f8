/**
 * The Prisma client singleton (one pool per process; reused across hot reloads
 * in development).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/server/env";
import { PrismaClient, type Prisma } from "./generated/client";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient() {
  const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 });
  return new PrismaClient({ adapter });
}

/** Lazily created so importing server code never needs a database. */
export function db(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

export type Db = PrismaClient;
/** A client or an interactive transaction: services accept either. */
export type Tx = Prisma.TransactionClient | PrismaClient;
