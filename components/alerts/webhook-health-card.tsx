"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { formatDateTime, formatPercent } from "@/lib/format";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";

export interface WebhookHealthProps {
  orgSlug: string;
  canManage: boolean;
  health: RouterOutputs["webhooks"]["health"];
}

export function WebhookHealthCard({ orgSlug, canManage, health }: WebhookHealthProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const repair = useMutation(trpc.webhooks.repair.mutationOptions({ onSuccess: () => router.refresh() }));
  const healthy = health.enabled && health.missing === 0 && health.failing === 0 && health.expected > 0;
  return (
    <div className="space-y-4 px-5 py-4 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        {health.enabled ? (
          <Badge tone={healthy ? "green" : "amber"}>{healthy ? "All registered" : "Needs repair"}</Badge>
        ) : (
          <Badge tone="neutral">Off</Badge>
        )}
        <span className="text-slate-600 dark:text-slate-400">
          {health.active} of {health.expected} webhooks active
          {health.missing > 0 && ` · ${health.missing} missing`}
          {health.failing > 0 && ` · ${health.failing} failing`}
          {health.lastDeliveryAt && ` · last delivery ${formatDateTime(health.lastDeliveryAt)}`}
        </span>
      </div>
      {!health.enabled && health.reason && (
        <Notice tone="info">{health.reason}. The portal still finds everything by polling, only later.</Notice>
      )}
      {health.url && (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Deliveries go to <code>{health.url}</code>
        </p>
      )}
      <dl className="grid grid-cols-2 gap-3 sm:max-w-md" aria-label="Webhook completeness">
        {health.completeness.map((c) => (
          <div key={c.window} className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/50">
            <dt className="text-xs text-slate-500 dark:text-slate-400">
              Completeness, last {c.window === "24h" ? "24 hours" : "7 days"}
            </dt>
            <dd className="mt-1 text-lg font-semibold text-slate-900 dark:text-white">
              {c.percent === null ? "–" : formatPercent(c.percent)}
            </dd>
            <dd className="text-xs text-slate-500 dark:text-slate-400">
              {c.viaWebhook} of {c.total} occurrences arrived by webhook
            </dd>
          </div>
        ))}
      </dl>
      {health.problems.length > 0 && (
        <ul className="space-y-1 text-xs text-rose-700 dark:text-rose-300">
          {health.problems.map((p) => (
            <li key={`${p.instrumentSerial}-${p.type}`}>
              {p.instrumentSerial} {p.type}: {p.lastError ?? p.status}
            </li>
          ))}
        </ul>
      )}
      {repair.data && (
        <Notice tone="success">
          {repair.data.skipped ??
            `Created ${repair.data.created}, adopted ${repair.data.adopted}, removed ${repair.data.removed}, failed ${repair.data.failed}.`}
        </Notice>
      )}
      {repair.error && <Notice tone="error">{formErrors(repair.error).message}</Notice>}
      {canManage && health.enabled && (
        <Button variant="secondary" size="sm" pending={repair.isPending} onClick={() => repair.mutate({ orgSlug })}>
          Repair webhooks
        </Button>
      )}
    </div>
  );
}
