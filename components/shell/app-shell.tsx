import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";
import { NavLinks, type NavItem } from "./nav-links";
import { OrgSwitcher, type OrgChoice } from "./org-switcher";
import { UserMenu } from "./user-menu";

interface Props {
  user: { name: string; email: string };
  current: OrgChoice | null;
  organizations: OrgChoice[];
  nav: NavItem[];
  signOut: () => Promise<void>;
  children: ReactNode;
}

export function AppShell({ user, current, organizations, nav, signOut, children }: Props) {
  return (
    <div className="lg:flex">
      <aside className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 lg:fixed lg:inset-y-0 lg:flex lg:w-64 lg:flex-col lg:border-b-0 lg:border-r">
        <div className="flex items-center justify-between px-4 py-4 lg:px-5">
          <Logo className="text-slate-900 dark:text-white" />
        </div>
        <div className="space-y-4 px-3 pb-3 lg:flex lg:flex-1 lg:flex-col lg:pb-4">
          {current && <OrgSwitcher current={current} organizations={organizations} />}
          <NavLinks items={nav} />
          <div className="lg:mt-auto">
            <UserMenu name={user.name} email={user.email} signOut={signOut} />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 lg:pl-64">
        <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-10">{children}</div>
      </main>
    </div>
  );
}
