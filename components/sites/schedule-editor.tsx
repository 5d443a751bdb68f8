"use client";
/**
 * The limit schedule editor: a form and a table, never JSON. One row per limit
 * (label, weekdays, local from/to, metric, averaging time T, trigger, limit);
 * presets fill it, the user adjusts it. Every change is checked at once with
 * the schedule's own rules (scheduleProblems, and each row's schema), each
 * problem shown on its row with the field in red and described by the message;
 * Save waits until there are none. The server's refusals land on the field
 * they name (e.g. rows.2.triggerDb, effectiveFrom). Saving makes a new version
 * effective from the chosen moment in the site's timezone; older versions stay.
 * Wide screens show a table; phones a card per row.
 */
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { Notice } from "@/components/ui/notice";
import { NOISE_METRICS, type NoiseMetric } from "@/lib/domain";
import { LIMIT_PRESETS, presetRows, type LimitPresetId } from "@/lib/limit-presets";
import {
  AVERAGING_MINUTES,
  MAX_DB,
  MIN_DB,
  scheduleProblems,
  scheduleRowSchema,
  type AveragingMinutes,
  type ScheduleRow,
} from "@/lib/limit-schedule";
import { formatInZone } from "@/lib/local-time";
import { fromZonedInputValue, toZonedInputValue } from "@/lib/site-format";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { controlClass, describedBy, Help, Label, parseOptionalNumber } from "./form-bits";

export type ScheduleVersionView = RouterOutputs["sites"]["schedules"][number];

type RowField = keyof ScheduleRow;

/** A row as typed: numbers stay text until they are read, so what the user typed is kept as typed. */
interface EditorRow {
  key: string;
  label: string;
  days: number[];
  from: string;
  to: string;
  metric: NoiseMetric;
  /** "" for the whole period. */
  averaging: string;
  trigger: string;
  limit: string;
  /** Added empty and not yet touched: its problems wait until it is. */
  fresh: boolean;
}

const WEEK = [
  { day: 1, short: "Mon", name: "Monday" },
  { day: 2, short: "Tue", name: "Tuesday" },
  { day: 3, short: "Wed", name: "Wednesday" },
  { day: 4, short: "Thu", name: "Thursday" },
  { day: 5, short: "Fri", name: "Friday" },
  { day: 6, short: "Sat", name: "Saturday" },
  { day: 0, short: "Sun", name: "Sunday" },
];

const FIELD_NAME: Record<RowField, string> = {
  label: "Label",
  days: "Days",
  from: "From",
  to: "To",
  metric: "Metric",
  averagingMinutes: "T",
  triggerDb: "Trigger",
  limitDb: "Limit",
};

const MAX_ROWS = 30;

let keys = 0;
const newKey = () => `row-${++keys}`;

function toEditor(row: ScheduleRow): EditorRow {
  return {
    key: newKey(),
    label: row.label,
    days: [...row.days],
    from: row.from,
    to: row.to,
    metric: row.metric,
    averaging: row.averagingMinutes === null ? "" : String(row.averagingMinutes),
    trigger: row.triggerDb === null ? "" : String(row.triggerDb),
    limit: String(row.limitDb),
    fresh: false,
  };
}

function toRow(r: EditorRow): ScheduleRow {
  const trigger = parseOptionalNumber(r.trigger);
  return {
    label: r.label,
    days: [...r.days].sort((a, b) => a - b),
    from: r.from,
    to: r.to,
    metric: r.metric,
    averagingMinutes: r.averaging === "" ? null : (Number(r.averaging) as AveragingMinutes),
    triggerDb: trigger,
    limitDb: parseOptionalNumber(r.limit) ?? Number.NaN,
  };
}

const blankRow = (): EditorRow => ({
  key: newKey(),
  label: "",
  days: [1, 2, 3, 4, 5],
  from: "07:00",
  to: "19:00",
  metric: "LAeq",
  averaging: "",
  trigger: "",
  limit: "",
  fresh: true,
});

type Problems = Map<number, Map<RowField, string[]>>;

/** Every problem of the rows by row index and field: typing mistakes, then the schedule's rules, then each row's schema. */
function problemsOf(editorRows: readonly EditorRow[], rows: readonly ScheduleRow[]): Problems {
  const out: Problems = new Map();
  const has = (row: number, field: RowField) => (out.get(row)?.get(field)?.length ?? 0) > 0;
  const add = (row: number, field: RowField, message: string) => {
    const fields = out.get(row) ?? new Map<RowField, string[]>();
    const list = fields.get(field) ?? [];
    if (!list.includes(message)) list.push(message);
    fields.set(field, list);
    out.set(row, fields);
  };
  const typed = new Set<string>();
  editorRows.forEach((r, i) => {
    if (r.trigger.trim() && Number.isNaN(parseOptionalNumber(r.trigger))) {
      add(i, "triggerDb", `Row ${i + 1}: enter the trigger level in dB, or leave it empty for none`);
      typed.add(`${i}.triggerDb`);
    }
    if (!r.limit.trim()) {
      add(i, "limitDb", `Row ${i + 1}: enter the limit in dB`);
      typed.add(`${i}.limitDb`);
    } else if (Number.isNaN(parseOptionalNumber(r.limit))) {
      add(i, "limitDb", `Row ${i + 1}: enter the limit as a number of dB, e.g. 65`);
      typed.add(`${i}.limitDb`);
    }
  });
  for (const p of scheduleProblems(rows)) if (!typed.has(`${p.row}.${p.field}`)) add(p.row, p.field, p.message);
  rows.forEach((row, i) => {
    const parsed = scheduleRowSchema.safeParse(row);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as RowField | undefined;
      if (field && !has(i, field))
        add(i, field, `Row ${i + 1}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`);
    }
  });
  return out;
}

export function ScheduleEditor({
  orgSlug,
  siteId,
  timeZone,
  startRows,
  newest,
  onCancel,
  onSaved,
}: {
  orgSlug: string;
  /** null: the organisation's default schedule. */
  siteId: string | null;
  timeZone: string;
  /** The rows the editor opens with (the newest version's). */
  startRows: readonly ScheduleRow[];
  /** The newest saved version: a new one must take effect after it. */
  newest: { version: number; effectiveFrom: Date } | null;
  onCancel: () => void;
  onSaved: (saved: ScheduleVersionView) => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [rows, setRows] = useState<EditorRow[]>(() => startRows.map(toEditor));
  const [preset, setPreset] = useState<{ id: LimitPresetId; previous: EditorRow[] } | null>(null);
  const [openedAt] = useState(() => new Date());
  // A new version takes effect now, or just after a newest version that is still to come.
  const [defaultFrom] = useState(() => {
    const after = newest ? newest.effectiveFrom.getTime() + 60_000 : 0;
    return new Date(Math.max(openedAt.getTime(), after));
  });
  const defaultFromValue = toZonedInputValue(defaultFrom, timeZone);
  const [effectiveValue, setEffectiveValue] = useState(defaultFromValue);
  const [note, setNote] = useState("");
  const [triedSave, setTriedSave] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string | undefined>>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);

  const save = useMutation(
    trpc.sites.saveSchedule.mutationOptions({
      onSuccess: (saved) => onSaved(saved),
      onError: (error) => {
        const e = formErrors(error);
        setServerErrors(e.fields);
        // A message the server gave for the rows as a whole (not one field) shows above the table.
        setServerMessage(e.fields.rows ?? e.message);
      },
    }),
  );

  const scheduleRows = rows.map(toRow);
  const problems = problemsOf(rows, scheduleRows);
  const shown = (index: number) => triedSave || !rows[index]?.fresh;

  // The version's own fields.
  const untouchedNow = effectiveValue === defaultFromValue && defaultFrom.getTime() === openedAt.getTime();
  const effectiveFrom = fromZonedInputValue(effectiveValue, timeZone);
  let effectiveError: string | undefined;
  if (!effectiveFrom) effectiveError = "Enter the date and time the new limits take effect";
  else if (newest && !untouchedNow && effectiveFrom.getTime() <= newest.effectiveFrom.getTime())
    effectiveError = `Version ${newest.version} takes effect ${formatInZone(newest.effectiveFrom, timeZone)}; a new version must take effect after it`;
  const noteError = note.trim().length > 300 ? "Keep the note to 300 characters" : undefined;

  const problemCount = [...problems.values()].reduce((n, fields) => n + [...fields.values()].flat().length, 0);
  const blocked = problemCount > 0 || Boolean(effectiveError) || Boolean(noteError);

  const clearRowServerErrors = () =>
    setServerErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith("rows"))));

  const update = (index: number, change: Partial<EditorRow>, field: RowField) => {
    setRows((list) => list.map((r, i) => (i === index ? { ...r, ...change, fresh: false } : r)));
    setServerErrors(({ [`rows.${index}.${field}`]: _dropped, ...rest }) => rest);
  };
  const replaceRows = (next: EditorRow[]) => {
    setRows(next);
    clearRowServerErrors();
  };

  const applyPreset = (presetId: LimitPresetId) => {
    setPreset({ id: presetId, previous: rows });
    replaceRows(presetRows(presetId).map(toEditor));
  };

  const fieldId = (row: EditorRow, field: RowField) => `${id}-${row.key}-${field}`;
  const focusField = (rowIndex: number, field: RowField) => {
    const row = rows[rowIndex];
    if (!row) return;
    const target = document.getElementById(field === "days" ? `${fieldId(row, field)}-0` : fieldId(row, field));
    target?.focus();
  };

  const chosenPreset = preset ? LIMIT_PRESETS.find((p) => p.id === preset.id) : null;
  const summary = rows.flatMap((_, i) =>
    [...(problems.get(i)?.entries() ?? [])].flatMap(([field, messages]) => messages.map((m) => ({ i, field, m }))),
  );

  return (
    <form
      noValidate
      className="space-y-5 p-5"
      onSubmit={(e) => {
        e.preventDefault();
        setTriedSave(true);
        setServerMessage(null);
        if (blocked || !effectiveFrom) return;
        save.mutate({
          orgSlug,
          siteId,
          effectiveFrom: untouchedNow ? new Date() : effectiveFrom,
          rows: scheduleRows,
          note: note.trim() || undefined,
        });
      }}
    >
      <div>
        <p className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-300">Start from a preset</p>
        <div className="flex flex-wrap gap-2" role="group" aria-label="Presets">
          {LIMIT_PRESETS.map((p) => (
            <Button
              key={p.id}
              type="button"
              size="sm"
              variant={preset?.id === p.id ? "primary" : "secondary"}
              aria-pressed={preset?.id === p.id}
              onClick={() => applyPreset(p.id)}
            >
              {p.label}
            </Button>
          ))}
        </div>
        {chosenPreset && preset && (
          <div
            className="mt-3 rounded-lg bg-sky-50 px-3.5 py-2.5 text-sm text-sky-900 ring-1 ring-sky-200 ring-inset dark:bg-sky-950/50 dark:text-sky-100 dark:ring-sky-900"
            role="status"
          >
            <p>
              <span className="font-medium">{chosenPreset.label}</span> filled the table
              {chosenPreset.rows.length === 0 ? " (empty)" : ""}. {chosenPreset.help}
            </p>
            <button
              type="button"
              className="mt-1.5 font-medium underline"
              onClick={() => {
                replaceRows(preset.previous);
                setPreset(null);
              }}
            >
              Undo: put back the rows from before
            </button>
          </div>
        )}
      </div>

      {serverMessage && <Notice tone="error">{serverMessage}</Notice>}

      <div>
        {rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
            No rows: saved like this, the schedule sets no limits and raises no noise alerts. Add a row or choose a
            preset.
          </p>
        ) : (
          <table className="block w-full text-left text-sm 2xl:table" aria-label="Limit rows">
            <thead className="hidden text-xs uppercase tracking-wide text-slate-500 2xl:table-header-group dark:text-slate-400">
              <tr className="border-b border-slate-200 dark:border-slate-800">
                <th className="py-2 pr-2 font-medium">Label</th>
                <th className="px-2 py-2 font-medium">Days</th>
                <th className="px-2 py-2 font-medium">From</th>
                <th className="px-2 py-2 font-medium">To</th>
                <th className="px-2 py-2 font-medium">Metric</th>
                <th className="px-2 py-2 font-medium">T</th>
                <th className="px-2 py-2 font-medium">Trigger dB</th>
                <th className="px-2 py-2 font-medium">Limit dB</th>
                <th className="py-2 pl-2 text-right font-medium">
                  <span className="sr-only">Row actions</span>
                </th>
              </tr>
            </thead>
            {rows.map((row, index) => {
              const rowProblems = shown(index) ? problems.get(index) : undefined;
              const errorFor = (field: RowField) => {
                const server = serverErrors[`rows.${index}.${field}`];
                const local = rowProblems?.get(field) ?? [];
                return server ? [...local, server] : local;
              };
              const invalid = (field: RowField) => errorFor(field).length > 0;
              const messageId = (field: RowField) => `${fieldId(row, field)}-error`;
              const aria = (field: RowField) => ({
                id: fieldId(row, field),
                "aria-invalid": invalid(field) ? (true as const) : undefined,
                "aria-describedby": invalid(field) ? messageId(field) : undefined,
              });
              const cellLabel = (field: RowField, text: string) => (
                <label
                  htmlFor={fieldId(row, field)}
                  className="mb-1 block text-xs font-medium text-slate-600 2xl:sr-only dark:text-slate-400"
                >
                  {text} <span className="sr-only">, row {index + 1}</span>
                </label>
              );
              const messages = (Object.keys(FIELD_NAME) as RowField[]).filter(invalid);
              const cell = "2xl:table-cell 2xl:px-2 2xl:py-2 2xl:align-top";
              return (
                <tbody
                  key={row.key}
                  className="mb-3 block rounded-lg bg-slate-50/60 p-3 ring-1 ring-slate-200 2xl:table-row-group 2xl:rounded-none 2xl:border-b 2xl:border-slate-100 2xl:bg-transparent 2xl:p-0 2xl:ring-0 dark:bg-slate-800/30 dark:ring-slate-700 2xl:dark:border-slate-800 2xl:dark:bg-transparent"
                  onBlur={() => {
                    if (row.fresh) setRows((list) => list.map((r) => (r.key === row.key ? { ...r, fresh: false } : r)));
                  }}
                  data-testid="schedule-row"
                >
                  <tr className="grid grid-cols-2 gap-3 2xl:table-row">
                    <td className={cx("col-span-2", cell, "2xl:pl-0")}>
                      <div className="mb-1 flex items-center justify-between 2xl:hidden">
                        <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                          Row {index + 1}
                        </span>
                      </div>
                      {cellLabel("label", "Label")}
                      <input
                        {...aria("label")}
                        className={controlClass(invalid("label"), "2xl:min-w-36")}
                        maxLength={40}
                        autoComplete="off"
                        value={row.label}
                        onChange={(e) => update(index, { label: e.target.value }, "label")}
                      />
                    </td>
                    <td className={cx("col-span-2", cell)}>
                      <fieldset
                        aria-invalid={invalid("days") || undefined}
                        aria-describedby={invalid("days") ? messageId("days") : undefined}
                      >
                        <legend className="mb-1 block text-xs font-medium text-slate-600 2xl:sr-only dark:text-slate-400">
                          Days <span className="sr-only">, row {index + 1}</span>
                        </legend>
                        <div
                          className={cx(
                            "flex gap-1 rounded-lg",
                            invalid("days") &&
                              "ring-2 ring-rose-500 ring-offset-2 ring-offset-white dark:ring-offset-slate-900",
                          )}
                        >
                          {WEEK.map((d, n) => {
                            const on = row.days.includes(d.day);
                            return (
                              <label key={d.day} className="relative min-w-0 flex-1 2xl:flex-none">
                                <input
                                  id={`${fieldId(row, "days")}-${n}`}
                                  type="checkbox"
                                  className="peer sr-only"
                                  checked={on}
                                  aria-label={d.name}
                                  onChange={() =>
                                    update(
                                      index,
                                      { days: on ? row.days.filter((x) => x !== d.day) : [...row.days, d.day] },
                                      "days",
                                    )
                                  }
                                />
                                <span
                                  aria-hidden
                                  className={cx(
                                    "flex h-9 w-full cursor-pointer items-center justify-center rounded-md text-xs font-medium ring-1 ring-inset select-none peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-500 2xl:w-9",
                                    on
                                      ? "bg-brand-600 text-white ring-brand-600"
                                      : "bg-white text-slate-600 ring-slate-300 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700 dark:hover:bg-slate-800",
                                  )}
                                >
                                  {d.short.slice(0, 2)}
                                </span>
                              </label>
                            );
                          })}
                        </div>
                      </fieldset>
                    </td>
                    <td className={cell}>
                      {cellLabel("from", "From")}
                      <input
                        {...aria("from")}
                        type="time"
                        className={controlClass(invalid("from"), "2xl:w-28")}
                        value={row.from}
                        onChange={(e) => update(index, { from: e.target.value }, "from")}
                      />
                    </td>
                    <td className={cell}>
                      {cellLabel("to", "To")}
                      <input
                        {...aria("to")}
                        type="time"
                        className={controlClass(invalid("to"), "2xl:w-28")}
                        value={row.to}
                        onChange={(e) => update(index, { to: e.target.value }, "to")}
                      />
                    </td>
                    <td className={cell}>
                      {cellLabel("metric", "Metric")}
                      <select
                        {...aria("metric")}
                        className={controlClass(invalid("metric"), "pr-8 2xl:w-28")}
                        value={row.metric}
                        onChange={(e) => update(index, { metric: e.target.value as NoiseMetric }, "metric")}
                      >
                        {NOISE_METRICS.map((m) => (
                          <option key={m} value={m}>
                            {m}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className={cell}>
                      {cellLabel("averagingMinutes", "Averaging time T")}
                      <select
                        {...aria("averagingMinutes")}
                        className={controlClass(invalid("averagingMinutes"), "pr-8 2xl:w-34")}
                        value={row.averaging}
                        onChange={(e) => update(index, { averaging: e.target.value }, "averagingMinutes")}
                      >
                        {AVERAGING_MINUTES.map((m) => (
                          <option key={m} value={String(m)}>
                            {m} min
                          </option>
                        ))}
                        <option value="">Whole period</option>
                      </select>
                    </td>
                    <td className={cell}>
                      {cellLabel("triggerDb", "Trigger dB (optional)")}
                      <input
                        {...aria("triggerDb")}
                        className={controlClass(invalid("triggerDb"), "tabular-nums 2xl:w-20")}
                        inputMode="decimal"
                        autoComplete="off"
                        value={row.trigger}
                        onChange={(e) => update(index, { trigger: e.target.value }, "triggerDb")}
                      />
                    </td>
                    <td className={cell}>
                      {cellLabel("limitDb", "Limit dB")}
                      <input
                        {...aria("limitDb")}
                        className={controlClass(invalid("limitDb"), "tabular-nums 2xl:w-20")}
                        inputMode="decimal"
                        autoComplete="off"
                        value={row.limit}
                        onChange={(e) => update(index, { limit: e.target.value }, "limitDb")}
                      />
                    </td>
                    <td
                      className={cx(
                        "col-span-2 flex justify-end gap-1",
                        cell,
                        "2xl:pr-0 2xl:text-right 2xl:whitespace-nowrap",
                      )}
                    >
                      <Button
                        type="button"
                        size="sm"
                        variant="ghost"
                        disabled={rows.length >= MAX_ROWS}
                        aria-label={`Duplicate row ${index + 1}`}
                        title="Duplicate"
                        onClick={() =>
                          replaceRows([
                            ...rows.slice(0, index + 1),
                            { ...row, key: newKey(), days: [...row.days], fresh: false },
                            ...rows.slice(index + 1),
                          ])
                        }
                      >
                        <svg
                          viewBox="0 0 24 24"
                          className="size-4"
                          fill="none"
                          stroke="currentColor"
                          strokeWidth="1.8"
                          aria-hidden
                        >
                          <path d="M9 9h10v10H9zM5 15V5h10" strokeLinejoin="round" />
                        </svg>
                        <span className="2xl:sr-only">Duplicate</span>
                      </Button>
                      <Button
                        type="button"
                        size="sm"
                        variant="ghost"
                        aria-label={`Remove row ${index + 1}`}
                        title="Remove"
                        onClick={() => replaceRows(rows.filter((_, i) => i !== index))}
                      >
                        <svg
                          viewBox="0 0 24 24"
                          className="size-4"
                          fill="none"
                          stroke="currentColor"
                          strokeWidth="1.8"
                          aria-hidden
                        >
                          <path
                            d="M5 7h14M10 11v6m4-6v6M6 7l1 13h10l1-13M9 7V4h6v3"
                            strokeLinecap="round"
                            strokeLinejoin="round"
                          />
                        </svg>
                        <span className="2xl:sr-only">Remove</span>
                      </Button>
                    </td>
                  </tr>
                  {messages.length > 0 && (
                    <tr className="block 2xl:table-row">
                      <td colSpan={9} className="block pt-2 2xl:table-cell 2xl:px-0 2xl:pt-0 2xl:pb-3">
                        <ul className="space-y-1 text-xs text-rose-700 dark:text-rose-300">
                          {messages.map((field) => (
                            <li key={field} id={messageId(field)}>
                              <span className="font-medium">{FIELD_NAME[field]}:</span>{" "}
                              {errorFor(field).map((m, n) => (
                                <span key={n} role={serverErrors[`rows.${index}.${field}`] === m ? "alert" : undefined}>
                                  {n > 0 ? " · " : ""}
                                  {m}
                                </span>
                              ))}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  )}
                </tbody>
              );
            })}
          </table>
        )}
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <Button
            type="button"
            variant="secondary"
            size="sm"
            disabled={rows.length >= MAX_ROWS}
            onClick={() => replaceRows([...rows, blankRow()])}
          >
            <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
              <path d="M12 5v14m-7-7h14" strokeLinecap="round" />
            </svg>
            Add row
          </Button>
          <span className="text-xs text-slate-500 dark:text-slate-400">
            Levels {MIN_DB}–{MAX_DB} dB. A period from 23:00 to 07:00 crosses midnight and belongs to the day it starts
            on. Times are local to {timeZone}.
          </span>
        </div>
      </div>

      <div className="grid gap-4 border-t border-slate-200 pt-5 sm:grid-cols-2 dark:border-slate-800">
        <div>
          <Label htmlFor={`${id}-effective`}>Takes effect from</Label>
          <input
            id={`${id}-effective`}
            type="datetime-local"
            className={controlClass(effectiveError || serverErrors.effectiveFrom)}
            value={effectiveValue}
            aria-invalid={effectiveError || serverErrors.effectiveFrom ? true : undefined}
            aria-describedby={describedBy(`${id}-effective`, effectiveError ?? serverErrors.effectiveFrom, "hint")}
            onChange={(e) => {
              setEffectiveValue(e.target.value);
              setServerErrors(({ effectiveFrom: _dropped, ...rest }) => rest);
            }}
          />
          <Help
            id={`${id}-effective`}
            error={effectiveError ?? serverErrors.effectiveFrom}
            hint={`In ${timeZone}. Earlier periods keep the limits that held then.`}
          />
        </div>
        <div>
          <Label htmlFor={`${id}-note`}>Note (optional)</Label>
          <input
            id={`${id}-note`}
            className={controlClass(noteError || serverErrors.note)}
            maxLength={300}
            value={note}
            aria-invalid={noteError || serverErrors.note ? true : undefined}
            aria-describedby={describedBy(`${id}-note`, noteError ?? serverErrors.note, "hint")}
            onChange={(e) => {
              setNote(e.target.value);
              setServerErrors(({ note: _dropped, ...rest }) => rest);
            }}
          />
          <Help
            id={`${id}-note`}
            error={noteError ?? serverErrors.note}
            hint="Why the limits changed, e.g. consent variation ref. 24/0113"
          />
        </div>
      </div>

      <div aria-live="polite">
        {summary.length > 0 && (triedSave || summary.some(({ i }) => shown(i))) && (
          <div className="rounded-lg bg-rose-50 px-3.5 py-2.5 text-sm text-rose-800 ring-1 ring-rose-200 ring-inset dark:bg-rose-950/50 dark:text-rose-200 dark:ring-rose-900">
            <p className="font-medium">
              {summary.length === 1 ? "1 problem" : `${summary.length} problems`} to fix before saving:
            </p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {summary.slice(0, 8).map(({ i, field, m }) => (
                <li key={`${i}-${field}-${m}`}>
                  <button
                    type="button"
                    className="text-left underline-offset-2 hover:underline"
                    onClick={() => focusField(i, field)}
                  >
                    {m}
                  </button>
                </li>
              ))}
              {summary.length > 8 && <li>and {summary.length - 8} more</li>}
            </ul>
          </div>
        )}
        {summary.length > 0 && !triedSave && !summary.some(({ i }) => shown(i)) && (
          <p className="text-sm text-slate-500 dark:text-slate-400">Fill in the new row to save.</p>
        )}
      </div>

      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" pending={save.isPending} disabled={blocked}>
          Save as version {(newest?.version ?? 0) + 1}
        </Button>
      </div>
    </form>
  );
}
