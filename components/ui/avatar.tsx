import { cx } from "./cx";

const PALETTE = ["bg-brand-600", "bg-indigo-600", "bg-amber-600", "bg-rose-600", "bg-sky-600", "bg-violet-600"];

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}

export function Avatar({ name, size = "md" }: { name: string; size?: "sm" | "md" }) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <span
      aria-hidden
      className={cx(
        "inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white",
        PALETTE[hash % PALETTE.length],
        size === "sm" ? "size-7 text-[11px]" : "size-9 text-xs",
      )}
    >
      {initials(name)}
    </span>
  );
}
