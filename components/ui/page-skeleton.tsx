import { Card } from "./card";

const bar = "rounded-md bg-slate-200 dark:bg-slate-800";

/**
 * The shape of an organisation page while it loads: a page header, a row of
 * figures and a card of rows, pulsing (still for people who ask for less
 * motion). Screen readers hear "Loading…" once, not the shapes.
 *
 * Each section shows it from its own loading.tsx (the overview and the alert
 * inbox from a Suspense boundary in the page), not from one app/[org]/loading.tsx:
 * a page under a loading boundary starts answering 200 before it has looked
 * anything up, so an unknown alert or instrument (alerts/[id],
 * instruments/[serial]) could no longer answer 404, nor an alert email's
 * ?alert= link redirect with a 307.
 */
export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite" aria-busy="true" data-testid="page-loading">
      <span className="sr-only">Loading…</span>
      <div aria-hidden className="animate-pulse motion-reduce:animate-none">
        <div className="mb-6 space-y-2">
          <div className={`${bar} h-7 w-56`} />
          <div className={`${bar} h-4 w-96 max-w-full`} />
        </div>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <Card key={i} className="space-y-2 p-4">
              <div className={`${bar} h-3 w-20`} />
              <div className={`${bar} h-6 w-16`} />
            </Card>
          ))}
        </div>
        <Card className="mt-6">
          <div className="border-b border-slate-200 px-5 py-4 dark:border-slate-800">
            <div className={`${bar} h-5 w-40`} />
          </div>
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {[0, 1, 2, 3, 4].map((i) => (
              <li key={i} className="flex items-center gap-3 px-5 py-3.5">
                <div className="size-7 shrink-0 rounded-full bg-slate-200 dark:bg-slate-800" />
                <div className="flex-1 space-y-1.5">
                  <div className={`${bar} h-3.5 w-1/3`} />
                  <div className={`${bar} h-3 w-1/2`} />
                </div>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}
