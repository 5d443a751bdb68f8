"use client";
import { useMutation } from "@tanstack/react-query";
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
  const [json, setJson] = useState(rule.kind === "noise_exceedance" ? JSON.stringify(rule.params, null, 2) : "");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const save = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: () => router.refresh() }));

  const submit = () => {
    let params: Record<string, unknown> | undefined;
    if (numberParam) params = { ...rule.params, [numberParam.key]: Number(value) };
    if (rule.kind === "noise_exceedance") {
      try {
        params = JSON.parse(json) as Record<string, unknown>;
        setJsonError(null);
      } catch {
        setJsonError("Not valid JSON");
        return;
      }
    }
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
        {save.isSuccess && !jsonError && (
          <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
            Saved
          </span>
        )}
      </div>
      {rule.kind === "noise_exceedance" && (
        <div>
          <p className="mb-1 text-xs text-slate-500 dark:text-slate-400">
            LAeq over each whole period; limits by local time in the organisation&apos;s timezone (days: 0 = Sunday … 6
            = Saturday; a limit from 23:00 to 07:00 crosses midnight). <code>events</code> (off by default): also alert
            on every single noise event whose peak is above the limit in force; peaks sit well above LAeq, so expect
            many alerts.
          </p>
          <textarea
            aria-label="Noise limits"
            className={`${input} h-48 w-full font-mono text-xs`}
            value={json}
            disabled={!canEdit}
            onChange={(e) => setJson(e.target.value)}
          />
        </div>
      )}
      {(jsonError || save.error) && <Notice tone="error">{jsonError ?? formErrors(save.error).message}</Notice>}
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
