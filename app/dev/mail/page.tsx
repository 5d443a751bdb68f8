import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Logo } from "@/components/ui/logo";
import { formatDateTime } from "@/lib/format";
import { requireViewer } from "@/server/auth/viewer";
import { env } from "@/server/env";
// The dev mailbox's own type of what it caught (a type only: nothing of the mailbox is bundled).
import type { CaughtMail } from "@/scripts/lib/mailbox";

export const metadata: Metadata = { title: "Local mailbox" };
export const dynamic = "force-dynamic";

/**
 * What the local mailbox caught. It exists only where the dev orchestrator or
 * the test server started a mailbox (MAILBOX_URL); production has none.
 */
export default async function DevMailPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const mailboxUrl = env().MAILBOX_URL;
  if (!mailboxUrl) notFound();
  await requireViewer("/dev/mail");
  const { id } = await searchParams;
  const mails = (await (await fetch(`${mailboxUrl}/messages`, { cache: "no-store" })).json()) as CaughtMail[];
  const open = mails.find((m) => String(m.id) === id) ?? mails[0];

  return (
    <div className="mx-auto max-w-6xl px-4 py-8">
      <Logo className="mb-6" />
      <PageHeader
        title="Local mailbox"
        description="Every email the portal sent while running locally. Development only."
      />
      {mails.length === 0 ? (
        <Card className="p-8 text-center text-sm text-slate-500">
          No email yet. Alert emails and invitations appear here.
        </Card>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[20rem_1fr]">
          <Card className="max-h-[70vh] overflow-y-auto">
            <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Messages">
              {mails.map((m) => (
                <li key={m.id}>
                  <a
                    href={`/dev/mail?id=${m.id}`}
                    className={`block px-4 py-3 text-sm hover:bg-slate-50 dark:hover:bg-slate-800 ${open?.id === m.id ? "bg-brand-50 dark:bg-brand-900/30" : ""}`}
                    data-testid="mail-item"
                  >
                    <p className="truncate font-medium">{m.subject}</p>
                    <p className="truncate text-xs text-slate-500">
                      to {m.to.join(", ")} · {formatDateTime(new Date(m.date), { seconds: true })}
                    </p>
                  </a>
                </li>
              ))}
            </ul>
          </Card>
          {open && (
            <Card className="overflow-hidden">
              <div className="space-y-1 border-b border-slate-200 px-5 py-4 text-sm dark:border-slate-800">
                <h2 className="text-base font-semibold" data-testid="mail-subject">
                  {open.subject}
                </h2>
                <p className="text-slate-500">
                  From {open.from} to {open.to.join(", ")}
                </p>
                {open.headers["list-unsubscribe"] && (
                  <p className="truncate font-mono text-xs text-slate-400" data-testid="mail-unsubscribe">
                    List-Unsubscribe: {open.headers["list-unsubscribe"]}
                  </p>
                )}
              </div>
              {open.html ? (
                <iframe title="Message" sandbox="" srcDoc={open.html} className="h-[60vh] w-full bg-white" />
              ) : (
                <pre className="whitespace-pre-wrap p-5 text-sm">{open.text}</pre>
              )}
            </Card>
          )}
        </div>
      )}
    </div>
  );
}
