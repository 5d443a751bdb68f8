/**
 * An alert's facts and its activity timeline. Rendered on the server (no
 * client state); times are shown in the organisation's timezone.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatCount, formatNumber } from "@/lib/format";
import { formatInZone } from "@/lib/local-time";
import type { RouterOutputs } from "@/lib/trpc";

export type AlertDetailView = RouterOutputs["alerts"]["get"];
export type AlertStateName = AlertDetailView["state"];
export type TimelineEntry = AlertDetailView["activity"][number];

export const ALERT_STATE: Record<AlertStateName, { tone: BadgeTone; label: string }> = {
  open: { tone: "red", label: "Open" },
  acknowledged: { tone: "amber", label: "Acknowledged" },
  resolved: { tone: "green", label: "Resolved" },
};

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge tone={severity === "critical" ? "red" : "amber"}>{severity === "critical" ? "Critical" : "Warning"}</Badge>
  );
}

const SOURCE: Record<string, string> = { webhook: "a webhook", poll: "polling", manual: "hand" };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function instrumentHref(orgSlug: string, serial: string, at: Date): string {
  return `/${orgSlug}/instruments/${encodeURIComponent(serial)}?at=${encodeURIComponent(at.toISOString())}`;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="px-5 py-3 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900 sm:col-span-2 sm:mt-0 dark:text-slate-100">{children}</dd>
    </div>
  );
}

/** `since` → "Since", `limitLabel` → "Limit label". */
const humanise = (key: string) => {
  const words = key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function DataValue({ value, format }: { value: unknown; format: (at: Date) => string }) {
  if (typeof value === "string" && ISO.test(value) && !Number.isNaN(Date.parse(value))) {
    return <time dateTime={value}>{format(new Date(value))}</time>;
  }
  if (typeof value === "number") return <>{formatNumber(value, Number.isInteger(value) ? 0 : 1)}</>;
  if (typeof value === "string") return <>{value}</>;
  return <code className="text-xs">{JSON.stringify(value)}</code>;
}

export function AlertFacts({
  orgSlug,
  alert,
  timeZone,
}: {
  orgSlug: string;
  alert: AlertDetailView;
  timeZone: string;
}) {
  const at = (moment: Date) => formatInZone(moment, timeZone);
  const data =
    alert.data && typeof alert.data === "object" && !Array.isArray(alert.data) ? Object.entries(alert.data) : [];
  return (
    <dl className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Alert details">
      <Fact label="Instrument">
        <Link
          href={instrumentHref(orgSlug, alert.instrument.serial, alert.openedAt)}
          className="font-medium text-brand-700 hover:underline dark:text-brand-300"
        >
          {alert.instrument.name} <span className="font-mono">({alert.instrument.serial})</span>
        </Link>
        <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">at the time it opened</span>
      </Fact>
      <Fact label="Site">
        {alert.site ? (
          <>
            {alert.site.name}{" "}
            <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{alert.site.code}</span>
            <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">where the instrument stood</span>
          </>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">Not deployed when it happened</span>
        )}
      </Fact>
      {alert.site && (
        <Fact label="Position">
          {alert.positionName || <span className="text-slate-500 dark:text-slate-400">Not named</span>}
        </Fact>
      )}
      <Fact label="Rule">{alert.rule.name}</Fact>
      <Fact label="Severity">
        <SeverityBadge severity={alert.severity} />
      </Fact>
      <Fact label="State">
        <span data-testid="alert-state">
          <Badge tone={ALERT_STATE[alert.state].tone}>{ALERT_STATE[alert.state].label}</Badge>
        </span>
      </Fact>
      <Fact label="Opened">
        <time dateTime={alert.openedAt.toISOString()}>{at(alert.openedAt)}</time>
        <span className="text-slate-500 dark:text-slate-400"> · via {SOURCE[alert.source] ?? alert.source}</span>
      </Fact>
      <Fact label="Last triggered">
        <time dateTime={alert.lastTriggeredAt.toISOString()}>{at(alert.lastTriggeredAt)}</time>
      </Fact>
      <Fact label="Triggered">
        <span data-testid="trigger-count">{alert.triggerCount === 1 ? "once" : `${alert.triggerCount} times`}</span>
      </Fact>
      <Fact label="Acknowledged">
        {alert.acknowledgedAt ? (
          <span data-testid="acknowledged">
            {alert.acknowledgedBy ? `by ${alert.acknowledgedBy.name}, ` : ""}
            <time dateTime={alert.acknowledgedAt.toISOString()}>{at(alert.acknowledgedAt)}</time>
          </span>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">Not yet</span>
        )}
      </Fact>
      <Fact label="Resolved">
        {alert.resolvedAt ? (
          <span data-testid="resolved">
            {alert.resolution === "auto" ? "Automatically, when the condition cleared" : "By hand"},{" "}
            <time dateTime={alert.resolvedAt.toISOString()}>{at(alert.resolvedAt)}</time>
          </span>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">Not yet</span>
        )}
      </Fact>
      <Fact label="Assignee">
        {alert.assignee?.name ?? <span className="text-slate-500 dark:text-slate-400">Nobody</span>}
      </Fact>
      {alert.detail && <Fact label="Detail">{alert.detail}</Fact>}
      {data.length > 0 && (
        <Fact label="Data">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1" aria-label="Alert data">
            {data.map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="text-slate-500 dark:text-slate-400">{humanise(key)}</dt>
                <dd className="font-mono text-xs leading-5">
                  <DataValue value={value} format={at} />
                </dd>
              </div>
            ))}
          </dl>
        </Fact>
      )}
    </dl>
  );
}

function sourceOf(data: TimelineEntry["data"]): string | null {
  if (data && typeof data === "object" && !Array.isArray(data) && typeof data.source === "string") {
    return SOURCE[data.source] ?? null;
  }
  return null;
}

function describe(entry: TimelineEntry): ReactNode {
  const who = <span className="font-medium text-slate-900 dark:text-white">{entry.actorName ?? "The portal"}</span>;
  const via = sourceOf(entry.data);
  switch (entry.kind) {
    case "opened":
      return <>Opened{via && ` from ${via}`}</>;
    case "retriggered":
      return <>Triggered again{via && ` (${via})`}</>;
    case "escalated":
      return <>Escalated to critical{via && ` (${via})`}</>;
    case "acknowledged":
      return <>{who} acknowledged it</>;
    case "resolved":
      return entry.actorName ? <>{who} resolved it</> : <>Resolved automatically{via && ` (${via})`}</>;
    case "reopened":
      return <>{who} reopened it</>;
    case "comment":
      return <>{who} commented</>;
    case "assigned":
      return entry.assigneeName ? (
        <>
          {who} assigned it to <span className="font-medium text-slate-900 dark:text-white">{entry.assigneeName}</span>
        </>
      ) : (
        <>{who} removed the assignee</>
      );
    default:
      return <>{entry.kind}</>;
  }
}

const DOT: Record<string, string> = {
  opened: "bg-rose-500",
  retriggered: "bg-rose-300",
  escalated: "bg-rose-600",
  acknowledged: "bg-amber-500",
  resolved: "bg-emerald-500",
  reopened: "bg-rose-500",
  comment: "bg-brand-500",
  assigned: "bg-sky-500",
};

export function AlertTimeline({
  entries,
  total,
  timeZone,
}: {
  entries: TimelineEntry[];
  total: number;
  timeZone: string;
}) {
  const at = (moment: Date) => formatInZone(moment, timeZone);
  return (
    <div className="px-5 py-4">
      {total > entries.length && (
        <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">
          {formatCount(total - entries.length)} earlier entries not shown (the audit log keeps them all).
        </p>
      )}
      <ol className="relative space-y-4 border-l border-slate-200 pl-5 dark:border-slate-800" aria-label="Activity">
        {entries.map((entry) => (
          <li key={entry.id} className="relative" data-testid="timeline-item" data-kind={entry.kind}>
            <span
              aria-hidden
              className={`absolute -left-[25px] top-1.5 size-2.5 rounded-full ring-4 ring-white dark:ring-slate-900 ${DOT[entry.kind] ?? "bg-slate-400"}`}
            />
            <div className="flex flex-wrap items-baseline gap-x-2 text-sm text-slate-600 dark:text-slate-300">
              {entry.kind === "comment" && entry.actorName && (
                <span className="self-center">
                  <Avatar name={entry.actorName} size="sm" />
                </span>
              )}
              <span>{describe(entry)}</span>
              <time dateTime={entry.createdAt.toISOString()} className="text-xs text-slate-500 dark:text-slate-400">
                {at(entry.createdAt)}
              </time>
            </div>
            {entry.text &&
              (entry.kind === "comment" ? (
                <p className="mt-2 whitespace-pre-wrap rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-inset ring-slate-200 dark:bg-slate-800/50 dark:text-slate-100 dark:ring-slate-700">
                  {entry.text}
                </p>
              ) : (
                <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{entry.text}</p>
              ))}
          </li>
        ))}
      </ol>
    </div>
  );
}
