"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatHour } from "@/lib/format";
import { timeZoneChoices } from "@/lib/local-time";
import { formErrors, useTRPC, type RouterInputs, type RouterOutputs } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

/** The saved (or default) preferences, without whether they were saved. */
type SubscriptionPrefs = Omit<RouterOutputs["notifications"]["mine"], "saved">;

const box =
  "size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500 dark:border-slate-600 dark:bg-slate-900";

function Check({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: string;
}) {
  return (
    <label className="flex items-start gap-2.5 text-sm">
      <input
        type="checkbox"
        className={`${box} mt-0.5`}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>
        {label}
        {hint && <span className="block text-xs text-slate-500 dark:text-slate-400">{hint}</span>}
      </span>
    </label>
  );
}

function toggle(list: string[], id: string, on: boolean): string[] {
  return on ? [...new Set([...list, id])] : list.filter((x) => x !== id);
}

export function SubscriptionForm({
  orgSlug,
  initial,
  choices,
}: {
  orgSlug: string;
  initial: SubscriptionPrefs;
  choices: RouterOutputs["notifications"]["choices"];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [p, setP] = useState<SubscriptionPrefs>(initial);
  const [quiet, setQuiet] = useState(Boolean(initial.quietStart));
  const save = useMutation(trpc.notifications.updateMine.mutationOptions({ onSuccess: () => router.refresh() }));
  const errors = formErrors(save.error);
  const set = <K extends keyof SubscriptionPrefs>(key: K, value: SubscriptionPrefs[K]) =>
    setP((prev) => ({ ...prev, [key]: value }));

  return (
    <form
      className="divide-y divide-slate-100 dark:divide-slate-800"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          orgSlug,
          ...p,
          severities: p.severities as RouterInputs["notifications"]["updateMine"]["severities"],
          quietStart: quiet ? (p.quietStart ?? "22:00") : null,
          quietEnd: quiet ? (p.quietEnd ?? "07:00") : null,
        });
      }}
    >
      <div className="space-y-3 p-5">
        {errors.message && <Notice tone="error">{errors.message}</Notice>}
        {save.isSuccess && <Notice tone="success">Saved. New alerts follow these settings.</Notice>}
        <Check
          label="Email me about alerts in this organisation"
          checked={p.enabled}
          onChange={(v) => set("enabled", v)}
        />
      </div>

      <fieldset className="grid gap-4 p-5 sm:grid-cols-2" disabled={!p.enabled}>
        <SelectField
          label="How"
          name="mode"
          value={p.mode}
          onChange={(e) => set("mode", e.target.value as SubscriptionPrefs["mode"])}
        >
          <option value="immediate">Immediately, one email per alert</option>
          <option value="hourly">Hourly digest</option>
          <option value="daily">Daily digest</option>
        </SelectField>
        {p.mode === "daily" ? (
          <SelectField
            label="Daily digest at"
            name="digestHour"
            value={String(p.digestHour)}
            onChange={(e) => set("digestHour", Number(e.target.value))}
          >
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {formatHour(h)}
              </option>
            ))}
          </SelectField>
        ) : (
          <div />
        )}
        <div className="space-y-2">
          <p className="text-sm font-medium text-slate-700 dark:text-slate-300">Severities</p>
          <Check
            label="Critical"
            checked={p.severities.includes("critical")}
            onChange={(v) => set("severities", toggle(p.severities, "critical", v))}
          />
          <Check
            label="Warning"
            checked={p.severities.includes("warning")}
            onChange={(v) => set("severities", toggle(p.severities, "warning", v))}
          />
          {errors.fields.severities && <p className="text-xs text-rose-600">{errors.fields.severities}</p>}
        </div>
        <div className="space-y-2">
          <p className="text-sm font-medium text-slate-700 dark:text-slate-300">Also</p>
          <Check
            label="Tell me when an alert is resolved"
            checked={p.includeResolutions}
            onChange={(v) => set("includeResolutions", v)}
          />
        </div>
      </fieldset>

      <fieldset className="grid gap-4 p-5 sm:grid-cols-2" disabled={!p.enabled}>
        <div className="space-y-2">
          <p className="text-sm font-medium text-slate-700 dark:text-slate-300">Rules</p>
          <Check
            label="All rules"
            checked={p.ruleIds.length === 0}
            onChange={(v) => set("ruleIds", v ? [] : choices.rules.map((r) => r.id))}
          />
          {p.ruleIds.length > 0 && (
            <div className="max-h-48 space-y-1.5 overflow-y-auto pl-6">
              {choices.rules.map((r) => (
                <Check
                  key={r.id}
                  label={`${r.name}${r.enabled ? "" : " (off)"}`}
                  checked={p.ruleIds.includes(r.id)}
                  onChange={(v) => set("ruleIds", toggle(p.ruleIds, r.id, v))}
                />
              ))}
            </div>
          )}
        </div>
        <div className="space-y-2">
          <p className="text-sm font-medium text-slate-700 dark:text-slate-300">Instruments</p>
          <Check
            label="All instruments"
            checked={p.instrumentIds.length === 0}
            onChange={(v) => set("instrumentIds", v ? [] : choices.instruments.map((i) => i.id))}
          />
          {p.instrumentIds.length > 0 && (
            <div className="max-h-48 space-y-1.5 overflow-y-auto pl-6">
              {choices.instruments.map((i) => (
                <Check
                  key={i.id}
                  label={`${i.name} (${i.serial})`}
                  checked={p.instrumentIds.includes(i.id)}
                  onChange={(v) => set("instrumentIds", toggle(p.instrumentIds, i.id, v))}
                />
              ))}
            </div>
          )}
        </div>
      </fieldset>

      <fieldset className="grid gap-4 p-5 sm:grid-cols-3" disabled={!p.enabled}>
        <div className="sm:col-span-3">
          <Check
            label="Quiet hours"
            hint="Emails that arrive in quiet hours wait until they end. Nothing is dropped."
            checked={quiet}
            onChange={setQuiet}
          />
        </div>
        {quiet && (
          <>
            <TextField
              label="From"
              type="time"
              name="quietStart"
              value={p.quietStart ?? "22:00"}
              onChange={(e) => set("quietStart", e.target.value)}
              error={errors.fields.quietStart}
            />
            <TextField
              label="Until"
              type="time"
              name="quietEnd"
              value={p.quietEnd ?? "07:00"}
              onChange={(e) => set("quietEnd", e.target.value)}
              error={errors.fields.quietEnd}
            />
            <div className="flex items-end pb-2">
              <Check
                label="Critical alerts still come at once"
                checked={p.criticalOverridesQuiet}
                onChange={(v) => set("criticalOverridesQuiet", v)}
              />
            </div>
          </>
        )}
        <SelectField
          label="My timezone"
          name="timezone"
          value={p.timezone}
          onChange={(e) => set("timezone", e.target.value)}
          error={errors.fields.timezone}
          className="sm:col-span-2"
        >
          {timeZoneChoices().map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
      </fieldset>

      <div className="p-5">
        <Button type="submit" pending={save.isPending}>
          Save my alert emails
        </Button>
      </div>
    </form>
  );
}
