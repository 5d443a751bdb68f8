"use client";
/**
 * A failure above an organisation's own pages, such as its layout (membership, navigation) when
 * the database is unreachable, lands here rather than on Next's bare default: the same product
 * page as app/[org]/error.tsx, on its own since the shell itself could not be built.
 */
import OrgPageError from "./[org]/error";

export default function AppError(props: { error: unknown; reset: () => void }) {
  return (
    <main className="min-h-screen bg-slate-50 px-4 py-12 dark:bg-slate-950">
      <OrgPageError {...props} />
    </main>
  );
}
