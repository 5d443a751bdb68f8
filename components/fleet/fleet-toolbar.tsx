"use client";
/** Search, filter chips and sort for the fleet board; the URL holds the state, the server filters. */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { FLEET_FILTER_LABEL, FLEET_FILTERS, FLEET_SORT_LABEL, FLEET_SORTS, type FleetQuery } from "@/lib/fleet";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";

/** A site the board can be filtered to. */
export type SiteOption = Pick<RouterOutputs["sites"]["choices"][number], "id" | "name" | "code">;

const control =
  "rounded-lg border-0 bg-white py-2 pr-8 pl-3 text-sm shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500 dark:bg-slate-900 dark:ring-slate-700";

export function FleetToolbar({
  query,
  filterCounts,
  sites = [],
  grouped = false,
}: {
  query: FleetQuery;
  filterCounts: RouterOutputs["fleet"]["board"]["filterCounts"];
  /** The sites to filter by; none (the organisation has no sites yet) hides the site controls. */
  sites?: SiteOption[];
  /** `?group=site`: a heading per site. */
  grouped?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [search, setSearch] = useState(query.search);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const href = (changes: Record<string, string | null>, current: string = params.toString()) => {
    const next = new URLSearchParams(current);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    return qs ? `${pathname}?${qs}` : pathname;
  };
  // Built from the address bar at the moment it runs, not from the render that
  // scheduled it: a debounced search must not undo a filter clicked meanwhile.
  const go = (changes: Record<string, string | null>) =>
    startTransition(() => router.replace(href(changes, window.location.search), { scroll: false }));

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <div className="flex flex-col gap-3 border-b border-slate-200 px-4 py-3 xl:flex-row xl:items-center dark:border-slate-800">
      <nav aria-label="Filter" className="-mx-1 flex gap-1 overflow-x-auto px-1">
        {FLEET_FILTERS.map((f) => {
          const active = query.filter === f;
          return (
            <Link
              key={f}
              href={href({ filter: f === "all" ? null : f })}
              scroll={false}
              aria-current={active ? "true" : undefined}
              className={cx(
                "inline-flex shrink-0 items-center gap-1.5 rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset transition-colors",
                active
                  ? "bg-brand-600 text-white ring-brand-600"
                  : "text-slate-600 ring-slate-200 hover:bg-slate-50 dark:text-slate-300 dark:ring-slate-700 dark:hover:bg-slate-800",
              )}
            >
              {FLEET_FILTER_LABEL[f]}
              <span
                className={cx(
                  "rounded-full px-1.5 text-xs tabular-nums",
                  active ? "bg-white/20" : "bg-slate-100 dark:bg-slate-800",
                )}
              >
                {filterCounts[f]}
              </span>
            </Link>
          );
        })}
      </nav>
      <div className="flex flex-wrap items-center gap-2 xl:ml-auto xl:flex-nowrap">
        <div className="relative basis-full sm:flex-1 sm:basis-auto lg:w-64 lg:flex-none">
          <svg
            viewBox="0 0 24 24"
            className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-400"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden
          >
            <path d="m21 21-4.3-4.3M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14" strokeLinecap="round" />
          </svg>
          <input
            type="search"
            aria-label="Search instruments"
            placeholder="Search name or serial"
            value={search}
            onChange={(e) => {
              const value = e.target.value;
              setSearch(value);
              clearTimeout(timer.current);
              timer.current = setTimeout(() => go({ q: value.trim() || null }), 250);
            }}
            className="block w-full rounded-lg border-0 bg-white py-2 pr-3 pl-8 text-sm shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-500 focus:outline-none dark:bg-slate-900 dark:ring-slate-700"
          />
        </div>
        {sites.length > 0 && (
          <>
            <label className="sr-only" htmlFor="fleet-site">
              Site
            </label>
            <select
              id="fleet-site"
              value={query.site}
              onChange={(e) => go({ site: e.target.value === "all" ? null : e.target.value })}
              className={cx(control, "min-w-0 flex-1 sm:max-w-56 sm:flex-none")}
            >
              <option value="all">All sites</option>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.code})
                </option>
              ))}
              {query.site !== "all" && query.site !== "none" && !sites.some((s) => s.id === query.site) && (
                <option value={query.site}>Unknown site</option>
              )}
              <option value="none">Not deployed</option>
            </select>
            <button
              type="button"
              aria-pressed={grouped}
              onClick={() => go({ group: grouped ? null : "site" })}
              className={cx(
                "inline-flex shrink-0 items-center gap-1.5 rounded-lg px-3 py-2 text-sm font-medium ring-1 ring-inset transition-colors",
                grouped
                  ? "bg-brand-50 text-brand-700 ring-brand-300 dark:bg-brand-900/40 dark:text-brand-200 dark:ring-brand-700"
                  : "text-slate-600 ring-slate-300 hover:bg-slate-50 dark:text-slate-300 dark:ring-slate-700 dark:hover:bg-slate-800",
              )}
            >
              <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
                <path d="M4 6h16M4 12h10M4 18h10M18 12v6" strokeLinecap="round" />
              </svg>
              Group by site
            </button>
          </>
        )}
        <label className="sr-only" htmlFor="fleet-sort">
          Sort by
        </label>
        <select
          id="fleet-sort"
          value={query.sort}
          onChange={(e) => go({ sort: e.target.value === "status" ? null : e.target.value })}
          className={control}
        >
          {FLEET_SORTS.map((s) => (
            <option key={s} value={s}>
              {FLEET_SORT_LABEL[s]}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => go({ dir: query.dir === "asc" ? "desc" : null })}
          className="rounded-lg p-2 text-slate-500 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 dark:ring-slate-700 dark:hover:bg-slate-800"
          aria-label={query.dir === "asc" ? "Sorted ascending; reverse" : "Sorted descending; reverse"}
          title="Reverse order"
        >
          <svg
            viewBox="0 0 24 24"
            className={cx("size-4 transition-transform", query.dir === "desc" && "rotate-180")}
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden
          >
            <path d="M7 4v16m0 0-3-3m3 3 3-3M17 20V4m0 0-3 3m3-3 3 3" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
        {pending && (
          <span
            className="size-4 animate-spin rounded-full border-2 border-brand-500 border-r-transparent"
            aria-label="Updating"
          />
        )}
      </div>
    </div>
  );
}

/** Asks for a poll now (rate-limited on the server), then re-renders as snapshots land. */
export function RefreshButton({ orgSlug }: { orgSlug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [note, setNote] = useState<string | null>(null);
  const refresh = useMutation(
    trpc.fleet.refresh.mutationOptions({
      onSuccess: (r) => {
        setNote(r.queued ? "Refresh requested" : "Updated moments ago");
        setTimeout(() => router.refresh(), 4000);
        setTimeout(() => setNote(null), 6000);
      },
      onError: (e) => setNote(e.message),
    }),
  );
  return (
    <div className="flex items-center gap-2">
      {note && (
        <span className="text-xs text-slate-500 dark:text-slate-400" role="status">
          {note}
        </span>
      )}
      <Button variant="secondary" size="sm" pending={refresh.isPending} onClick={() => refresh.mutate({ orgSlug })}>
        Refresh now
      </Button>
    </div>
  );
}

/** Re-reads the server's snapshots every `seconds` while the tab is visible. */
export function AutoRefresh({ seconds = 30 }: { seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, seconds * 1000);
    return () => clearInterval(id);
  }, [router, seconds]);
  return null;
}
