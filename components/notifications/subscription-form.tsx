"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type ReactNode, type Ref } from "react";
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
  inputRef,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <label className="flex items-start gap-2.5 text-sm">
      <input
        ref={inputRef}
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

/** What a picker holds: null for "all" (saved as an empty list), else the ids chosen, possibly none yet. */
type Chosen = string[] | null;

type PickerKey = "ruleIds" | "siteIds" | "instrumentIds";

/**
 * One "All …" box and, when it is unticked, a box per item. Unticking "All" starts
 * from nothing chosen. With `collapse`, choosing every item is "All" again, so the
 * list never shows everything ticked under an unticked "All".
 */
function Picker({
  legend,
  allLabel,
  allHint,
  items,
  chosen,
  onChange,
  collapse = false,
  error,
  groups = [],
  children,
}: {
  legend: string;
  allLabel: string;
  allHint?: string;
  items: { id: string; label: ReactNode }[];
  chosen: Chosen;
  onChange: (next: Chosen) => void;
  collapse?: boolean;
  error?: string;
  /** Groups of items to tick at once ("pick by site"), shown above the list while choosing. */
  groups?: PickGroup[];
  children?: ReactNode;
}) {
  const id = useId();
  const allBox = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState<string | null>(null);
  const choose = (next: string[]) => {
    if (collapse && items.length > 0 && items.every((i) => next.includes(i.id))) {
      onChange(null);
      setNote(`That is every one, so “${allLabel}” is ticked again.`);
      // The box that had focus goes with the list; keep the keyboard where the choice now is.
      allBox.current?.focus();
    } else {
      onChange(next);
      setNote(null);
    }
  };
  return (
    <fieldset className="min-w-0 space-y-2" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-300">{legend}</legend>
      <div>
        <Check
          label={allLabel}
          hint={allHint}
          checked={chosen === null}
          inputRef={allBox}
          onChange={(v) => {
            setNote(null);
            onChange(v ? null : []);
          }}
        />
        {/* Always in the page, so a screen reader hears the note when it appears. */}
        <p role="status" className={`pl-6 text-xs text-slate-500 dark:text-slate-400 ${note ? "mt-1" : ""}`}>
          {note}
        </p>
      </div>
      {chosen !== null && (
        <div className="space-y-2 pl-6">
          {groups.length > 0 && <PickBySite groups={groups} chosen={chosen} choose={choose} />}
          {items.length === 0 ? (
            <p className="text-xs text-slate-500 dark:text-slate-400">Nothing to choose from yet.</p>
          ) : (
            <div className="max-h-48 space-y-1.5 overflow-y-auto">
              {items.map((i) => (
                <Check
                  key={i.id}
                  label={i.label}
                  checked={chosen.includes(i.id)}
                  onChange={(v) => choose(toggle(chosen, i.id, v))}
                />
              ))}
            </div>
          )}
        </div>
      )}
      {children}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Items that go together, e.g. the instruments deployed at one site. */
interface PickGroup {
  value: string;
  label: string;
  ids: string[];
}

/** The groups "pick by site" offers: each site with an instrument deployed there, then those not deployed. */
function siteGroups(
  sites: { id: string; name: string; code: string }[],
  instruments: { id: string; siteId: string | null }[],
): PickGroup[] {
  if (!instruments.some((i) => i.siteId !== null)) return [];
  const at = (siteId: string | null) => instruments.filter((i) => i.siteId === siteId).map((i) => i.id);
  return [
    ...sites.map((s) => ({ value: s.id, label: `${s.name} (${s.code})`, ids: at(s.id) })),
    { value: "none", label: "Not deployed", ids: at(null) },
  ].filter((g) => g.ids.length > 0);
}

/** Ticks every item of a chosen group. */
function PickBySite({
  groups,
  chosen,
  choose,
}: {
  groups: PickGroup[];
  chosen: string[];
  choose: (ids: string[]) => void;
}) {
  const id = useId();
  const [picked, setPicked] = useState(groups[0]?.value ?? "");
  const current = groups.find((g) => g.value === picked) ?? groups[0];
  if (!current) return null;
  const fresh = current.ids.filter((x) => !chosen.includes(x)).length;
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400">
          Pick by site
        </label>
        <select
          id={id}
          value={current.value}
          onChange={(e) => setPicked(e.target.value)}
          className="block w-full rounded-lg border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500 dark:bg-slate-900 dark:ring-slate-700"
        >
          {groups.map((g) => (
            <option key={g.value} value={g.value}>
              {g.label} · {g.ids.length}
            </option>
          ))}
        </select>
      </div>
      <Button
        type="button"
        size="sm"
        variant="secondary"
        className="py-2"
        disabled={fresh === 0}
        onClick={() => choose([...new Set([...chosen, ...current.ids])])}
      >
        {fresh === 0 ? "All ticked" : `Tick ${fresh === 1 ? "it" : `these ${fresh}`}`}
      </Button>
    </div>
  );
}

const initialChosen = (ids: string[], all?: { id: string }[]): Chosen =>
  ids.length === 0 || (all && all.length > 0 && all.every((i) => ids.includes(i.id))) ? null : ids;

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
  // Rules and instruments saved as every one there is read as "all" (what an older form saved for "all").
  const [chosen, setChosen] = useState<Record<PickerKey, Chosen>>(() => ({
    ruleIds: initialChosen(initial.ruleIds, choices.rules),
    instrumentIds: initialChosen(initial.instrumentIds, choices.instruments),
    siteIds: initialChosen(initial.siteIds),
  }));
  const [missing, setMissing] = useState<Partial<Record<PickerKey, string>>>({});
  const save = useMutation(trpc.notifications.updateMine.mutationOptions({ onSuccess: () => router.refresh() }));
  const errors = formErrors(save.error);
  const set = <K extends keyof SubscriptionPrefs>(key: K, value: SubscriptionPrefs[K]) =>
    setP((prev) => ({ ...prev, [key]: value }));
  const pick = (key: PickerKey) => (next: Chosen) => {
    setChosen((prev) => ({ ...prev, [key]: next }));
    setMissing((prev) => ({ ...prev, [key]: undefined }));
  };
  const siteName = new Map(choices.sites.map((s) => [s.id, s.name]));
  // Sites still chosen but no longer offered (archived since) stay in the list, so saving keeps them.
  const siteItems = [
    ...choices.sites.map((s) => ({ id: s.id, label: `${s.name} (${s.code})` })),
    ...(chosen.siteIds ?? [])
      .filter((id) => !siteName.has(id))
      .map((id) => ({
        id,
        label: <span className="text-slate-500 dark:text-slate-400">A site no longer offered</span>,
      })),
  ];
  const showSites = siteItems.length > 0;

  return (
    <form
      className="divide-y divide-slate-100 dark:divide-slate-800"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const empty: Partial<Record<PickerKey, string>> = {};
        if (p.enabled) {
          if (chosen.ruleIds?.length === 0) empty.ruleIds = "Choose at least one rule, or tick All rules.";
          if (chosen.siteIds?.length === 0) empty.siteIds = "Choose at least one site, or tick All sites.";
          if (chosen.instrumentIds?.length === 0)
            empty.instrumentIds = "Choose at least one instrument, or tick All instruments.";
        }
        setMissing(empty);
        if (Object.keys(empty).length > 0) return;
        save.mutate({
          orgSlug,
          ...p,
          // "All" is saved as an empty list; so is a choice left empty while emails are off.
          ruleIds: chosen.ruleIds ?? [],
          siteIds: chosen.siteIds ?? [],
          instrumentIds: chosen.instrumentIds ?? [],
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

      <fieldset
        className={`grid gap-6 p-5 sm:grid-cols-2 ${showSites ? "lg:grid-cols-3" : ""}`}
        disabled={!p.enabled}
        aria-label="Which alerts"
      >
        <Picker
          legend="Rules"
          allLabel="All rules"
          items={choices.rules.map((r) => ({ id: r.id, label: `${r.name}${r.enabled ? "" : " (off)"}` }))}
          chosen={chosen.ruleIds}
          onChange={pick("ruleIds")}
          collapse
          error={missing.ruleIds ?? errors.fields.ruleIds}
        />
        {showSites && (
          <Picker
            legend="Sites"
            allLabel="All sites"
            allHint="Includes instruments that are not deployed."
            items={siteItems}
            chosen={chosen.siteIds}
            onChange={pick("siteIds")}
            error={missing.siteIds ?? errors.fields.siteIds}
          >
            {chosen.siteIds !== null && (
              <p className="pl-6 text-xs text-slate-500 dark:text-slate-400">
                Only alerts raised at these sites reach you, wherever the instrument goes next.
              </p>
            )}
          </Picker>
        )}
        <Picker
          legend="Instruments"
          allLabel="All instruments"
          items={choices.instruments.map((i) => ({
            id: i.id,
            label: (
              <>
                {i.name} ({i.serial})
                {i.siteId && siteName.has(i.siteId) && (
                  <span className="text-slate-500 dark:text-slate-400"> · {siteName.get(i.siteId)}</span>
                )}
              </>
            ),
          }))}
          chosen={chosen.instrumentIds}
          onChange={pick("instrumentIds")}
          collapse
          error={missing.instrumentIds ?? errors.fields.instrumentIds}
          groups={siteGroups(choices.sites, choices.instruments)}
        >
          {chosen.instrumentIds !== null && chosen.siteIds !== null && (
            <p className="pl-6 text-xs text-slate-500 dark:text-slate-400">
              An alert must match both a chosen site and a chosen instrument.
            </p>
          )}
        </Picker>
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
