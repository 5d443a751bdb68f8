import type { Metadata } from "next";
import Link from "next/link";
import { AuditList } from "@/components/org/audit-list";
import { Card, PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { forbiddenAsNull, loadOrgPage } from "@/server/api/org-page";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { org: slug } = await params;
  const { cursor } = await searchParams;
  const { org, caller } = await loadOrgPage(slug);
  const page = await forbiddenAsNull(() => caller.audit.list({ orgSlug: slug, cursor: cursor ?? null, limit: 50 }));
  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Who did what in ${org.name}, newest first. Times in ${org.timezone}.`}
      />
      {page ? (
        <Card>
          <AuditList items={page.items} timeZone={org.timezone} />
          {(page.nextCursor || cursor) && (
            <div className="flex justify-between border-t border-slate-200 px-5 py-3 text-sm dark:border-slate-800">
              {cursor ? (
                <Link href={`/${slug}/audit`} className="text-brand-700 hover:underline dark:text-brand-300">
                  ← Newest
                </Link>
              ) : (
                <span />
              )}
              {page.nextCursor && (
                <Link
                  href={`/${slug}/audit?cursor=${page.nextCursor}`}
                  className="text-brand-700 hover:underline dark:text-brand-300"
                >
                  Older entries →
                </Link>
              )}
            </div>
          )}
        </Card>
      ) : (
        <Notice tone="info">Only owners and admins can read the audit log.</Notice>
      )}
    </>
  );
}
