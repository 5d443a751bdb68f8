"use client";
/**
 * Which sites a member or viewer sees: the whole organisation, or only chosen
 * sites. Shared by the invite form and the members table's editor. Admins and
 * owners always see everything, so the callers offer this for the other roles only.
 */
import { useId, type Ref } from "react";
import type { RouterOutputs } from "@/lib/trpc";

export type SiteChoice = Pick<RouterOutputs["sites"]["choices"][number], "id" | "name" | "code">;

/** null: the whole organisation. */
export type SiteAccess = string[] | null;

const radio = "size-4 border-slate-300 text-brand-600 focus:ring-brand-500 dark:border-slate-600 dark:bg-slate-900";
const box =
  "size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500 dark:border-slate-600 dark:bg-slate-900";

/** "All sites", or the names of the chosen ones. */
export function siteAccessLabel(sites: { name: string }[] | null): string {
  if (sites === null) return "All sites";
  if (sites.length === 0) return "No sites";
  return sites.map((s) => s.name).join(", ");
}

export function SiteAccessFields({
  legend = "Sites they see",
  sites,
  value,
  onChange,
  error,
  disabled,
  firstRef,
}: {
  legend?: string;
  /** The sites to offer; chosen ones not among them (archived since) are offered too. */
  sites: SiteChoice[];
  value: SiteAccess;
  onChange: (next: SiteAccess) => void;
  error?: string;
  disabled?: boolean;
  /** The first radio, for callers that move focus into the fields. */
  firstRef?: Ref<HTMLInputElement>;
}) {
  const id = useId();
  const offered = [
    ...sites.map((s) => ({ id: s.id, label: `${s.name} (${s.code})` })),
    ...(value ?? []).filter((v) => !sites.some((s) => s.id === v)).map((v) => ({ id: v, label: "An archived site" })),
  ];
  return (
    <fieldset
      className="min-w-0 space-y-2"
      disabled={disabled}
      aria-describedby={error ? `${id}-error` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className="mb-1.5 text-sm font-medium text-slate-700 dark:text-slate-300">{legend}</legend>
      <label className="flex items-start gap-2.5 text-sm">
        <input
          ref={firstRef}
          type="radio"
          name={`${id}-scope`}
          className={`${radio} mt-0.5`}
          checked={value === null}
          onChange={() => onChange(null)}
        />
        <span>
          Whole organisation
          <span className="block text-xs text-slate-500 dark:text-slate-400">
            Every site, and instruments that are not deployed.
          </span>
        </span>
      </label>
      <label className="flex items-start gap-2.5 text-sm">
        <input
          type="radio"
          name={`${id}-scope`}
          className={`${radio} mt-0.5`}
          checked={value !== null}
          onChange={() => onChange(value ?? [])}
        />
        <span>
          Only these sites
          <span className="block text-xs text-slate-500 dark:text-slate-400">
            Their instruments, alerts, events and audio; nothing from other sites.
          </span>
        </span>
      </label>
      {value !== null && (
        <div className="pl-6">
          {offered.length === 0 ? (
            <p className="text-xs text-slate-500 dark:text-slate-400">No sites yet.</p>
          ) : (
            <div className="max-h-48 space-y-1.5 overflow-y-auto" role="group" aria-label="Sites">
              {offered.map((s) => (
                <label key={s.id} className="flex items-start gap-2.5 text-sm">
                  <input
                    type="checkbox"
                    className={`${box} mt-0.5`}
                    checked={value.includes(s.id)}
                    onChange={(e) =>
                      onChange(e.target.checked ? [...new Set([...value, s.id])] : value.filter((x) => x !== s.id))
                    }
                  />
                  <span className="min-w-0 break-words">{s.label}</span>
                </label>
              ))}
            </div>
          )}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}
