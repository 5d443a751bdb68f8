"use client";
/**
 * A site's overrides of the organisation's other alert rules (offline,
 * measuring stopped, calibration, SIC, voltage, disk): inherit, on or off, and
 * the rule's threshold, beside the organisation's own setting. Inherit with no
 * threshold clears the override (enabled null + params null).
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import type { RuleKind } from "@/lib/domain";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { controlClass, describedBy, Help, parseOptionalNumber } from "./form-bits";

type Rule = RouterOutputs["alerts"]["rules"][number];

const THRESHOLD: Partial<Record<RuleKind, { key: string; label: string; unit: string; step: number }>> = {
  offline: { key: "minutes", label: "Offline for more than", unit: "min", step: 1 },
  calibration: { key: "maxOffsetDb", label: "Offset beyond ±", unit: "dB", step: 0.05 },
  low_voltage: { key: "minVolts", label: "Input voltage below", unit: "V", step: 0.1 },
  disk_full: { key: "maxPercent", label: "Disk use above", unit: "%", step: 1 },
};

const KINDS: RuleKind[] = ["offline", "measuring_stopped", "calibration", "sic_failed", "low_voltage", "disk_full"];

interface Override {
  enabled?: boolean;
  params?: Record<string, unknown>;
}

type Mode = "inherit" | "on" | "off";

function readOverride(value: unknown): Override {
  if (!value || typeof value !== "object") return {};
  const v = value as Override;
  return {
    enabled: typeof v.enabled === "boolean" ? v.enabled : undefined,
    params: v.params && typeof v.params === "object" ? v.params : undefined,
  };
}

function OverrideRow({
  orgSlug,
  siteId,
  rule,
  override,
}: {
  orgSlug: string;
  siteId: string;
  rule: Rule;
  override: Override;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const threshold = THRESHOLD[rule.kind];
  const orgValue = threshold ? rule.params[threshold.key] : undefined;
  const [mode, setMode] = useState<Mode>(override.enabled === undefined ? "inherit" : override.enabled ? "on" : "off");
  const [value, setValue] = useState(
    threshold && override.params?.[threshold.key] !== undefined ? String(override.params[threshold.key]) : "",
  );
  const [serverError, setServerError] = useState<{ field?: string; message: string | null }>({ message: null });
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.sites.setRuleOverride.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        router.refresh();
      },
      onError: (error) => {
        const e = formErrors(error);
        setServerError({
          field: threshold ? (e.fields[`params.${threshold.key}`] ?? e.fields.params) : undefined,
          message: e.message,
        });
      },
    }),
  );

  const number = parseOptionalNumber(value);
  const localError = number !== null && Number.isNaN(number) ? `Enter a number of ${threshold?.unit}` : undefined;
  const error = localError ?? serverError.field;
  const orgText = `${rule.enabled ? "on" : "off"}${threshold && orgValue !== undefined ? ` · ${threshold.label.toLowerCase()} ${String(orgValue)} ${threshold.unit}` : ""}`;
  const hint = threshold ? `Empty: the organisation's ${String(orgValue ?? "—")} ${threshold.unit}` : undefined;

  return (
    <li className="px-5 py-4 text-sm">
      <form
        noValidate
        className="flex flex-wrap items-end gap-x-4 gap-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          setServerError({ message: null });
          if (localError) return;
          save.mutate({
            orgSlug,
            siteId,
            kind: rule.kind,
            enabled: mode === "inherit" ? null : mode === "on",
            params: threshold && number !== null ? { ...rule.params, [threshold.key]: number } : null,
          });
        }}
      >
        <div className="min-w-48 flex-1">
          <p className="font-medium text-slate-900 dark:text-white">{rule.name}</p>
          <p className="text-xs text-slate-500 dark:text-slate-400">Organisation: {orgText}</p>
        </div>
        <div>
          <label htmlFor={`${id}-mode`} className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400">
            At this site
          </label>
          <select
            id={`${id}-mode`}
            className={controlClass(false, "w-40 pr-8")}
            value={mode}
            onChange={(e) => {
              setMode(e.target.value as Mode);
              setSaved(false);
            }}
          >
            <option value="inherit">Inherit ({rule.enabled ? "on" : "off"})</option>
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
        </div>
        {threshold && (
          <div>
            <label
              htmlFor={`${id}-value`}
              className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400"
            >
              {threshold.label} ({threshold.unit})
            </label>
            <input
              id={`${id}-value`}
              inputMode="decimal"
              className={controlClass(error, "w-32 tabular-nums")}
              value={value}
              disabled={mode === "off"}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(`${id}-value`, error, hint)}
              onChange={(e) => {
                setValue(e.target.value);
                setSaved(false);
                setServerError((s) => ({ ...s, field: undefined }));
              }}
            />
          </div>
        )}
        <div className="flex items-center gap-2">
          <Button type="submit" size="sm" variant="secondary" pending={save.isPending} disabled={Boolean(localError)}>
            Save
          </Button>
          {saved && (
            <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
              Saved
            </span>
          )}
        </div>
        {threshold && (
          <div className="basis-full">
            <Help id={`${id}-value`} error={error} hint={hint} />
          </div>
        )}
        {serverError.message && (
          <p role="alert" className="basis-full text-xs text-rose-600 dark:text-rose-400">
            {serverError.message}
          </p>
        )}
      </form>
    </li>
  );
}

export function RuleOverrides({
  orgSlug,
  siteId,
  overrides,
  rules,
}: {
  orgSlug: string;
  siteId: string;
  overrides: Record<string, unknown>;
  rules: Rule[];
}) {
  const byKind = new Map(rules.map((r) => [r.kind, r]));
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {KINDS.map((kind) => {
        const rule = byKind.get(kind);
        return rule ? (
          <OverrideRow
            key={kind}
            orgSlug={orgSlug}
            siteId={siteId}
            rule={rule}
            override={readOverride(overrides[kind])}
          />
        ) : null;
      })}
    </ul>
  );
}
