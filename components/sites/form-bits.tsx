/**
 * Pieces the sites forms share: a control's look (red when in error), a label,
 * and the error or hint under a control, tied to it by aria-describedby.
 */
import type { ReactNode } from "react";
import { cx } from "@/components/ui/cx";

export function controlClass(error?: string | boolean | null, extra?: string): string {
  return cx(
    "block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:outline-none disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 dark:bg-slate-900 dark:text-slate-100 dark:disabled:bg-slate-800/60",
    error
      ? "ring-2 ring-rose-500 focus:ring-rose-600 dark:ring-rose-500"
      : "ring-slate-300 focus:ring-brand-500 dark:ring-slate-700",
    extra,
  );
}

export function Label({ htmlFor, children, className }: { htmlFor: string; children: ReactNode; className?: string }) {
  return (
    <label
      htmlFor={htmlFor}
      className={cx("mb-1.5 block text-sm font-medium text-slate-700 dark:text-slate-300", className)}
    >
      {children}
    </label>
  );
}

/** The error (role=alert) or the hint below a control; give the control aria-describedby={describedBy(id, …)}. */
export function Help({ id, error, hint }: { id: string; error?: string | null; hint?: ReactNode }) {
  if (error)
    return (
      <p id={`${id}-error`} role="alert" className="mt-1.5 text-xs text-rose-600 dark:text-rose-400">
        {error}
      </p>
    );
  if (hint)
    return (
      <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-500 dark:text-slate-400">
        {hint}
      </p>
    );
  return null;
}

export function describedBy(id: string, error?: string | null, hint?: ReactNode): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/** A number typed into a form: blank is null, anything else a number (NaN when it is not one). */
export function parseOptionalNumber(value: string): number | null {
  const v = value.trim().replace(/^−/, "-").replace(",", ".");
  return v === "" ? null : Number(v);
}
