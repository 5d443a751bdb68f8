/**
 * The pg driver adapter as Prisma 6's WebAssembly schema engine needs it to
 * replay migrations into a shadow database and describe the result
 * (`migrate diff --from-migrations`). adapter-pg 7.10 is written for the query
 * engine; three things differ from what the native schema engine does:
 *
 * 1. Catalog queries return Postgres's one-byte `"char"` type (pg_constraint.contype,
 *    which on Postgres 18 also lists NOT NULL constraints). The adapter rejects
 *    OID 18 ("Column type 'char' could not be deserialized"), and the engine
 *    reads those columns as characters, panicking ("unreachable") on text.
 * 2. `executeScript` splits the migration on every ";", which breaks SQL with
 *    semicolons in string literals or function bodies. Native Prisma (and our
 *    runner) send the whole file in one simple-protocol query.
 * 3. `connectToShadowDb` drops its temporary database while its pool is still
 *    connected, and pg lets the connection string's database override the one
 *    it picks, so the "shadow" would be the main database. The caller creates
 *    the shadow database instead.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum, type SqlDriverAdapter, type SqlResultSet } from "@prisma/driver-adapter-utils";
import pg from "pg";

const CHAR_OID = 18;
const TEXT_OID = 25;
/** Indexes of `"char"` columns, carried on the rows array, which the adapter passes through untouched. */
const CHAR_COLUMNS = Symbol("charColumns");

type RowsWithCharColumns = unknown[] & { [CHAR_COLUMNS]?: number[] };

/** Reports `"char"` columns as text so that the adapter accepts them (their values already are strings). */
class CharAsTextClient extends pg.Client {
  // pg-pool calls query(text, values, callback); the adapter calls query(config) and awaits.
  override query(...args: unknown[]): never {
    const callback = typeof args.at(-1) === "function" ? (args.pop() as (e: unknown, r?: unknown) => void) : null;
    const result = (super.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args).then((res) => {
      const charColumns: number[] = [];
      (res.fields ?? []).forEach((field, index) => {
        if (field.dataTypeID !== CHAR_OID) return;
        field.dataTypeID = TEXT_OID;
        charColumns.push(index);
      });
      if (charColumns.length > 0 && Array.isArray(res.rows)) {
        Object.defineProperty(res.rows, CHAR_COLUMNS, { value: charColumns });
      }
      return res;
    });
    if (!callback) return result as never;
    result.then(
      (res) => callback(null, res),
      (error: unknown) => callback(error),
    );
    return undefined as never;
  }
}

/** ...and then tells the engine they are characters, which is what it reads them as. */
function restoreCharColumns(resultSet: SqlResultSet): SqlResultSet {
  for (const index of (resultSet.rows as RowsWithCharColumns)[CHAR_COLUMNS] ?? []) {
    resultSet.columnTypes[index] = ColumnTypeEnum.Character;
  }
  return resultSet;
}

function forSchemaEngine<Adapter extends SqlDriverAdapter>(pgAdapter: Adapter): Adapter {
  const adapter: SqlDriverAdapter = pgAdapter; // patched through its interface
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => restoreCharColumns(await queryRaw(query));
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const transaction = await startTransaction(isolationLevel);
    const transactionQueryRaw = transaction.queryRaw.bind(transaction);
    transaction.queryRaw = async (query) => restoreCharColumns(await transactionQueryRaw(query));
    return transaction;
  };
  // Without parameters pg uses the simple query protocol, which runs a whole
  // multi-statement script; executeRaw keeps the adapter's error mapping.
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return pgAdapter;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set for the Prisma 6 CLI (run it through scripts/lib/prisma6.ts)`);
  return value;
}

function poolFor(connectionString: string) {
  // allowExitOnIdle: the CLI does not always dispose the adapter, and idle pool
  // clients would otherwise keep it alive for pg's 10 s idle timeout.
  return new pg.Pool({ connectionString, Client: CharAsTextClient, allowExitOnIdle: true });
}

export class OfflineMigratePg extends PrismaPg {
  constructor() {
    super(poolFor(required("DATABASE_URL")), { disposeExternalPool: true });
  }

  override async connect() {
    return forSchemaEngine(await super.connect());
  }

  override async connectToShadowDb() {
    const shadow = new PrismaPg(poolFor(required("PRISMA6_SHADOW_DATABASE_URL")), { disposeExternalPool: true });
    return forSchemaEngine(await shadow.connect());
  }
}
