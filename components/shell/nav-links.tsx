"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";

export interface NavItem {
  href: string;
  label: string;
  icon: string;
  /** Match only the exact path (the overview), not its children. */
  exact?: boolean;
  /** A count shown beside the label (e.g. open alerts); red when urgent. */
  badge?: { count: number; urgent?: boolean };
}

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Organisation" className="flex gap-1 overflow-x-auto lg:flex-col">
      {items.map((item) => {
        const active = item.exact
          ? pathname === item.href
          : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cx(
              "flex items-center gap-3 whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium transition-colors",
              active
                ? "bg-brand-50 text-brand-800 dark:bg-brand-900/40 dark:text-brand-100"
                : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white",
            )}
          >
            <svg
              viewBox="0 0 24 24"
              className="size-4.5 shrink-0"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              aria-hidden
            >
              <path d={item.icon} strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {item.label}
            {item.badge && item.badge.count > 0 && (
              <span
                aria-label={`${item.badge.count} open`}
                className={cx(
                  "ml-auto rounded-full px-1.5 py-0.5 text-[11px] font-semibold leading-none",
                  item.badge.urgent
                    ? "bg-rose-600 text-white"
                    : "bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-100",
                )}
              >
                {item.badge.count}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
