"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";

export type RuleRow = RouterOutputs["alerts"]["rules"][number];

/** The one number most rules have, with its label and unit. */
const NUMBER_PARAM: Record<string, { key: string; label: string; step: number }> = {
  offline: { key: "minutes", label: "Offline for more than (minutes)", step: 1 },
  calibration: { key: "maxOffsetDb", label: "Offset beyond ± (dB)", step: 0.05 },
  low_voltage: { key: "minVolts", label: "Below (V)", step: 0.1 },
  disk_full: { key: "maxPercent", label: "Above (% used)", step: 1 },
};

const input =
  "rounded-lg border-0 bg-white px-2.5 py-1.5 text-sm ring-1 ring-inset ring-slate-300 dark:bg-slate-900 dark:ring-slate-700";

function RuleEditor({ orgSlug, rule, canEdit }: { orgSlug: string; rule: RuleRow; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [enabled, setEnabled] = useState(rule.enabled);
  const [severity, setSeverity] = useState(rule.severity);
  const numberParam = NUMBER_PARAM[rule.kind];
  const [value, setValue] = useState(numberParam ? String(rule.params[numberParam.key] ?? "") : "");
  // The noise rule's own switches; its limits are the limit schedules (the organisation's default, each site's own).
  const [events, setEvents] = useState(rule.params.events === true);
  const [projected, setProjected] = useState(rule.params.projectedBreach === true);
  const save = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: () => router.refresh() }));

  const submit = () => {
    let params: Record<string, unknown> | undefined;
    if (numberParam) params = { ...rule.params, [numberParam.key]: Number(value) };
    if (rule.kind === "noise_exceedance") params = { events, projectedBreach: projected };
    save.mutate({ orgSlug, ruleId: rule.id, enabled, severity, params });
  };

  return (
    <li className="space-y-2 px-5 py-4 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 font-medium text-slate-900 dark:text-white">
          <input type="checkbox" checked={enabled} disabled={!canEdit} onChange={(e) => setEnabled(e.target.checked)} />
          {rule.name}
        </label>
        <select
          aria-label={`Severity of ${rule.name}`}
          className={input}
          value={severity}
          disabled={!canEdit}
          onChange={(e) => setSeverity(e.target.value as RuleRow["severity"])}
        >
          <option value="warning">Warning</option>
          <option value="critical">Critical</option>
        </select>
        {numberParam && (
          <label className="flex items-center gap-2 text-slate-600 dark:text-slate-400">
            {numberParam.label}
            <input
              type="number"
              step={numberParam.step}
              className={`${input} w-24`}
              value={value}
              disabled={!canEdit}
              onChange={(e) => setValue(e.target.value)}
            />
          </label>
        )}
        {canEdit && (
          <Button size="sm" variant="secondary" pending={save.isPending} onClick={submit}>
            Save
          </Button>
        )}
        {save.isSuccess && (
          <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
            Saved
          </span>
        )}
      </div>
      {rule.kind === "noise_exceedance" && (
        <div className="space-y-2 pl-6">
          <p className="text-xs text-slate-500 dark:text-slate-400">
            Its limits are limit schedules: each site&apos;s own, set on the site&apos;s page under{" "}
            <Link href={`/${orgSlug}/sites`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
              Sites
            </Link>
            , for the monitors deployed there, and the{" "}
            <a href="#default-limits" className="font-medium text-brand-700 hover:underline dark:text-brand-300">
              organisation&apos;s default limits
            </a>{" "}
            below for monitors not deployed at a site. A trigger level raises a warning, a limit a critical alert.
          </p>
          <label className="flex items-start gap-2 text-slate-700 dark:text-slate-300">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={projected}
              disabled={!canEdit}
              onChange={(e) => setProjected(e.target.checked)}
            />
            <span>
              Warn of a projected breach: while a period is in progress, when the rest of it would have to stay below
              the last hour&apos;s level to keep within the limit.
            </span>
          </label>
          <label className="flex items-start gap-2 text-slate-700 dark:text-slate-300">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={events}
              disabled={!canEdit}
              onChange={(e) => setEvents(e.target.checked)}
            />
            <span>
              Also alert on every single noise event whose peak is above the maximum-level limit in force. Peaks sit
              well above LAeq, so expect many alerts.
            </span>
          </label>
        </div>
      )}
      {save.error && <Notice tone="error">{formErrors(save.error).message}</Notice>}
    </li>
  );
}

export function AlertRulesCard({ orgSlug, rules, canEdit }: { orgSlug: string; rules: RuleRow[]; canEdit: boolean }) {
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {rules.map((rule) => (
        <RuleEditor key={rule.id} orgSlug={orgSlug} rule={rule} canEdit={canEdit} />
      ))}
    </ul>
  );
}
