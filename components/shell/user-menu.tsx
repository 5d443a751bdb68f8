import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { ThemeToggle } from "./theme-toggle";

export function UserMenu({ name, email, signOut }: { name: string; email: string; signOut: () => Promise<void> }) {
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-3 rounded-lg px-2 py-2 hover:bg-slate-100 dark:hover:bg-slate-800">
        <Avatar name={name} size="sm" />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium">{name}</span>
          <span className="block truncate text-xs text-slate-500 dark:text-slate-400">{email}</span>
        </span>
      </summary>
      <div className="absolute bottom-full left-0 right-0 z-20 mb-1 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700">
        <Link
          href="/account"
          className="block rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          Account and security
        </Link>
        <ThemeToggle />
        <form action={signOut}>
          <button
            type="submit"
            className="w-full rounded-md px-2 py-1.5 text-left text-sm text-rose-700 hover:bg-rose-50 dark:text-rose-300 dark:hover:bg-rose-950"
          >
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
