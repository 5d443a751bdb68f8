import Link from "next/link";
import { ROLE_LABEL } from "@/lib/permissions";
import type { RouterOutputs } from "@/lib/trpc";

/** The organisations a person belongs to, as `organization.list` gives them. */
export type OrgChoice = Pick<RouterOutputs["organization"]["list"][number], "name" | "slug" | "role">;

export function OrgSwitcher({ current, organizations }: { current: OrgChoice; organizations: OrgChoice[] }) {
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-3 rounded-lg px-2 py-2 hover:bg-slate-100 dark:hover:bg-slate-800">
        <span className="flex size-8 items-center justify-center rounded-lg bg-slate-900 text-sm font-semibold text-white dark:bg-white dark:text-slate-900">
          {current.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-semibold" data-testid="current-org">
            {current.name}
          </span>
          <span className="block text-xs text-slate-500 dark:text-slate-400">{ROLE_LABEL[current.role]}</span>
        </span>
        <span aria-hidden className="text-slate-400">
          ⇅
        </span>
      </summary>
      <div className="absolute left-0 right-0 z-20 mt-1 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700">
        <p className="px-2 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-400">Switch organisation</p>
        {organizations.map((org) => (
          <Link
            key={org.slug}
            href={`/${org.slug}`}
            className="flex items-center justify-between rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            <span className="truncate">{org.name}</span>
            {org.slug === current.slug && (
              <span className="text-brand-600" aria-label="current">
                ✓
              </span>
            )}
          </Link>
        ))}
        <div className="my-1 border-t border-slate-200 dark:border-slate-700" />
        <Link
          href="/orgs/new"
          className="block rounded-md px-2 py-1.5 text-sm text-brand-700 hover:bg-slate-100 dark:text-brand-300 dark:hover:bg-slate-800"
        >
          + New organisation
        </Link>
      </div>
    </details>
  );
}
