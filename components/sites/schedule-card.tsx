"use client";
/**
 * The limit schedule in force (a site's, or the organisation's default) as a
 * read-only table, its versions with when each took effect, who saved it and
 * why, and for admins "Edit limits", which opens the editor in place.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { TableHead } from "@/components/ui/table-head";
import { formatRowTime, type ScheduleRow } from "@/lib/limit-schedule";
import { formatInZone } from "@/lib/local-time";
import { formatAveraging } from "@/lib/site-format";
import { ScheduleEditor, type ScheduleVersionView } from "./schedule-editor";

const db = (v: number | null) => (v === null ? "—" : `${v} dB`);

export function ScheduleRowsTable({ rows, caption }: { rows: readonly ScheduleRow[]; caption: string }) {
  if (rows.length === 0)
    return <p className="px-5 py-4 text-sm text-slate-500 dark:text-slate-400">This version sets no limits.</p>;
  return (
    <>
      <ul className="divide-y divide-slate-100 md:hidden dark:divide-slate-800" aria-label={caption}>
        {rows.map((r, i) => (
          <li key={i} className="px-5 py-3 text-sm">
            <div className="flex items-baseline justify-between gap-3">
              <span className="font-medium text-slate-900 dark:text-white">{r.label}</span>
              <span className="shrink-0 font-semibold tabular-nums">{db(r.limitDb)}</span>
            </div>
            <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
              {formatRowTime(r)} · {r.metric}, T = {formatAveraging(r.averagingMinutes)}
              {r.triggerDb !== null && ` · trigger ${db(r.triggerDb)}`}
            </p>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <TableHead columns={["Period", "Days and time", "Metric", "T", "Trigger", "Limit"]} />
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((r, i) => (
              <tr key={i}>
                <td className="px-4 py-2.5 font-medium text-slate-900 dark:text-white">{r.label}</td>
                <td className="px-3 py-2.5 whitespace-nowrap">{formatRowTime(r)}</td>
                <td className="px-3 py-2.5">{r.metric}</td>
                <td className="px-3 py-2.5 whitespace-nowrap">{formatAveraging(r.averagingMinutes)}</td>
                <td className="px-3 py-2.5 whitespace-nowrap text-amber-700 tabular-nums dark:text-amber-300">
                  {db(r.triggerDb)}
                </td>
                <td className="px-4 py-2.5 font-semibold whitespace-nowrap text-rose-700 tabular-nums dark:text-rose-300">
                  {db(r.limitDb)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ScheduleCard({
  orgSlug,
  siteId,
  timeZone,
  versions,
  canEdit,
  now,
  title,
  description,
  emptyText,
  id,
}: {
  orgSlug: string;
  /** null: the organisation's default schedule. */
  siteId: string | null;
  timeZone: string;
  /** Newest first, as sites.schedules returns them. */
  versions: ScheduleVersionView[];
  canEdit: boolean;
  /** The server's now, so that server and browser agree on the version in force. */
  now: Date;
  title: string;
  description: string;
  emptyText: string;
  id?: string;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<ScheduleVersionView | null>(null);
  const inForce = versions.find((v) => v.effectiveFrom <= now) ?? null;
  const upcoming = versions.filter((v) => v.effectiveFrom > now).reverse();
  const newest = versions[0] ?? null;
  const when = (at: Date) => (at.getTime() <= 0 ? "the start" : formatInZone(at, timeZone));

  return (
    <Card>
      <div id={id} className="scroll-mt-6">
        <CardHeader
          title={title}
          description={description}
          actions={
            canEdit && !editing ? (
              <Button
                size="sm"
                variant="secondary"
                onClick={() => {
                  setSaved(null);
                  setEditing(true);
                }}
              >
                {versions.length ? "Edit limits" : "Set limits"}
              </Button>
            ) : undefined
          }
        />
      </div>
      {editing ? (
        <ScheduleEditor
          orgSlug={orgSlug}
          siteId={siteId}
          timeZone={timeZone}
          startRows={newest?.rows ?? []}
          newest={newest ? { version: newest.version, effectiveFrom: newest.effectiveFrom } : null}
          onCancel={() => setEditing(false)}
          onSaved={(version) => {
            setEditing(false);
            setSaved(version);
            router.refresh();
          }}
        />
      ) : (
        <>
          {saved && (
            <Notice tone="success" className="mx-5 mt-4">
              Version {saved.version} saved; it takes effect {when(saved.effectiveFrom)}.
            </Notice>
          )}
          {versions.length === 0 ? (
            <p className="px-5 py-8 text-center text-sm text-slate-500 dark:text-slate-400">{emptyText}</p>
          ) : (
            <>
              {upcoming.map((v) => (
                <Notice key={v.id} tone="info" className="mx-5 mt-4">
                  Version {v.version} takes effect {when(v.effectiveFrom)}
                  {v.note ? ` (“${v.note}”)` : ""}.
                </Notice>
              ))}
              {inForce ? (
                <>
                  <p className="px-5 pt-4 pb-2 text-sm text-slate-600 dark:text-slate-300">
                    <span className="font-medium text-slate-900 dark:text-white">Version {inForce.version}</span>, in
                    force since {when(inForce.effectiveFrom)}
                    {inForce.createdBy && ` · saved by ${inForce.createdBy}`}
                    {inForce.note && ` · “${inForce.note}”`}
                  </p>
                  <ScheduleRowsTable rows={inForce.rows} caption={`Limits of version ${inForce.version}`} />
                </>
              ) : (
                <p className="px-5 pt-4 pb-2 text-sm text-slate-600 dark:text-slate-300">
                  No version is in force yet: the first one takes effect {when(upcoming[0]!.effectiveFrom)}.
                </p>
              )}
              <details className="group border-t border-slate-200 dark:border-slate-800">
                <summary className="cursor-pointer px-5 py-3 text-sm font-medium text-slate-700 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                  Version history ({versions.length})
                </summary>
                <ol className="divide-y divide-slate-100 border-t border-slate-100 dark:divide-slate-800 dark:border-slate-800">
                  {versions.map((v) => (
                    <li key={v.id}>
                      <details>
                        <summary className="flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-1 px-5 py-2.5 text-sm">
                          <span className="font-medium text-slate-900 dark:text-white">Version {v.version}</span>
                          {v.id === inForce?.id ? (
                            <Badge tone="green">In force</Badge>
                          ) : v.effectiveFrom > now ? (
                            <Badge tone="brand">Scheduled</Badge>
                          ) : (
                            <Badge>Past</Badge>
                          )}
                          <span className="text-slate-600 dark:text-slate-400">
                            from {when(v.effectiveFrom)} · {v.rows.length} row{v.rows.length === 1 ? "" : "s"}
                            {v.createdBy ? ` · ${v.createdBy}` : ""}
                            {v.note ? ` · “${v.note}”` : ""}
                          </span>
                        </summary>
                        <div className="pb-2">
                          <ScheduleRowsTable rows={v.rows} caption={`Limits of version ${v.version}`} />
                        </div>
                      </details>
                    </li>
                  ))}
                </ol>
              </details>
            </>
          )}
        </>
      )}
    </Card>
  );
}
