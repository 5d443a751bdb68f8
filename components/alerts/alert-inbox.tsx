"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { formatInZone } from "@/lib/local-time";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";

export type InboxAlert = RouterOutputs["alerts"]["list"]["items"][number];

const STATE: Record<InboxAlert["state"], { tone: BadgeTone; label: string }> = {
  open: { tone: "red", label: "Open" },
  acknowledged: { tone: "amber", label: "Acknowledged" },
  resolved: { tone: "green", label: "Resolved" },
};
export function AlertInbox({
  orgSlug,
  alerts,
  canUpdate,
  timeZone,
  showSites = false,
}: {
  orgSlug: string;
  alerts: InboxAlert[];
  canUpdate: boolean;
  timeZone: string;
  /** Say "Not deployed" for an alert without a site (off while the organisation has no sites). */
  showSites?: boolean;
}) {
  // The organisation's timezone, so the server's render and the browser's agree.
  const when = (at: Date) => formatInZone(at, timeZone);
  const trpc = useTRPC();
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const done = () => {
    setSelected(new Set());
    router.refresh();
  };
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions({ onSuccess: done }));
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions({ onSuccess: done }));
  const reopen = useMutation(trpc.alerts.reopen.mutationOptions({ onSuccess: done }));
  const error = formErrors(acknowledge.error ?? resolve.error ?? reopen.error).message;
  const openIds = alerts.filter((a) => a.state === "open").map((a) => a.id);
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (alerts.length === 0) {
    return (
      <p className="px-5 py-10 text-center text-sm text-slate-500 dark:text-slate-400">
        No alerts match these filters.
      </p>
    );
  }
  return (
    <div>
      {error && (
        <Notice tone="error" className="m-4">
          {error}
        </Notice>
      )}
      {canUpdate && (
        <div className="flex items-center gap-3 border-b border-slate-200 px-5 py-3 text-sm dark:border-slate-800">
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              aria-label="Select every open alert"
              checked={openIds.length > 0 && openIds.every((id) => selected.has(id))}
              onChange={(e) => setSelected(e.target.checked ? new Set(openIds) : new Set())}
            />
            Select open
          </label>
          <Button
            size="sm"
            disabled={selected.size === 0}
            pending={acknowledge.isPending}
            onClick={() => acknowledge.mutate({ orgSlug, alertIds: [...selected] })}
          >
            Acknowledge {selected.size > 0 ? selected.size : ""} selected
          </Button>
        </div>
      )}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {alerts.map((a) => (
          <li key={a.id} className="flex gap-3 px-5 py-4" data-testid="alert-row">
            {canUpdate && (
              <input
                type="checkbox"
                className="mt-1"
                aria-label={`Select ${a.title}`}
                disabled={a.state !== "open"}
                checked={selected.has(a.id)}
                onChange={() => toggle(a.id)}
              />
            )}
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={a.severity === "critical" ? "red" : "amber"}>
                  {a.severity === "critical" ? "Critical" : "Warning"}
                </Badge>
                <Badge tone={STATE[a.state].tone}>{STATE[a.state].label}</Badge>
                <Link
                  href={`/${orgSlug}/alerts/${a.id}`}
                  className="font-medium text-slate-900 hover:underline dark:text-white"
                >
                  {a.title}
                </Link>
              </div>
              {a.site ? (
                <p className="mt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="alert-site">
                  <span className="font-medium">{a.site.name}</span>
                  {a.positionName && <> · {a.positionName}</>}
                </p>
              ) : (
                showSites && (
                  <p className="mt-1 text-sm text-slate-500 dark:text-slate-400" data-testid="alert-site">
                    Not deployed
                  </p>
                )
              )}
              {a.detail && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{a.detail}</p>}
              <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                <Link
                  href={`/${orgSlug}/instruments/${encodeURIComponent(a.instrument.serial)}?at=${encodeURIComponent(a.openedAt.toISOString())}`}
                  className="font-medium text-brand-700 hover:underline dark:text-brand-300"
                  title="The instrument at the time the alert opened"
                >
                  {a.instrument.serial}
                </Link>{" "}
                · {a.rule.name} · opened {when(a.openedAt)}
                {a.triggerCount > 1 && ` · triggered ${a.triggerCount} times, last ${when(a.lastTriggeredAt)}`} · via{" "}
                {a.source === "webhook" ? "webhook" : "polling"}
                {a.resolution && ` · resolved ${a.resolution === "auto" ? "automatically" : "by hand"}`}
                {a.assignee && ` · assigned to ${a.assignee.name}`}
              </p>
            </div>
            {canUpdate && (
              <div className="flex shrink-0 items-start gap-2">
                {a.state === "open" && (
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => acknowledge.mutate({ orgSlug, alertIds: [a.id] })}
                  >
                    Acknowledge
                  </Button>
                )}
                {a.state !== "resolved" ? (
                  <Button size="sm" variant="secondary" onClick={() => resolve.mutate({ orgSlug, alertId: a.id })}>
                    Resolve
                  </Button>
                ) : (
                  <Button size="sm" variant="ghost" onClick={() => reopen.mutate({ orgSlug, alertId: a.id })}>
                    Reopen
                  </Button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
