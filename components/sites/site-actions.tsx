"use client";
/** Admins' buttons for sites: New site, and on a site's page Edit and Archive / Restore. */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { formErrors, useTRPC } from "@/lib/trpc";
import { Dialog } from "./dialog";
import { SiteFormDialog, type SiteDetail } from "./site-form";

export function NewSiteButton({
  orgSlug,
  orgTimezone,
  variant = "primary",
}: {
  orgSlug: string;
  orgTimezone: string;
  variant?: "primary" | "secondary";
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
          <path d="M12 5v14m-7-7h14" strokeLinecap="round" />
        </svg>
        New site
      </Button>
      <SiteFormDialog orgSlug={orgSlug} orgTimezone={orgTimezone} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

export function SiteAdminActions({
  orgSlug,
  orgTimezone,
  site,
  openDeployments,
}: {
  orgSlug: string;
  orgTimezone: string;
  site: SiteDetail;
  /** Monitors deployed there now: archiving ends their deployments. */
  openDeployments: number;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const archived = site.archivedAt !== null;
  const setArchived = useMutation(
    trpc.sites.setArchived.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        router.refresh();
      },
    }),
  );
  const error = formErrors(setArchived.error).message;

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
        Edit site
      </Button>
      {archived ? (
        <Button
          variant="secondary"
          size="sm"
          pending={setArchived.isPending}
          onClick={() => setArchived.mutate({ orgSlug, siteId: site.id, archived: false })}
        >
          Restore
        </Button>
      ) : (
        <Button variant="ghost" size="sm" onClick={() => setConfirming(true)}>
          Archive
        </Button>
      )}
      {archived && error && <p className="w-full text-xs text-rose-600 dark:text-rose-400">{error}</p>}
      <SiteFormDialog
        orgSlug={orgSlug}
        orgTimezone={orgTimezone}
        site={site}
        open={editing}
        onClose={() => setEditing(false)}
      />
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Archive ${site.name}?`}
        description="An archived site keeps its history, schedules and alerts, and leaves the sites list."
      >
        <div className="space-y-4 p-5 text-sm">
          {openDeployments > 0 ? (
            <Notice tone="warning">
              {openDeployments === 1
                ? "1 monitor is deployed here. Archiving ends its deployment now, so it is free for the next job."
                : `${openDeployments} monitors are deployed here. Archiving ends their deployments now, so they are free for the next job.`}
            </Notice>
          ) : (
            <p className="text-slate-600 dark:text-slate-300">No monitor is deployed here now.</p>
          )}
          <p className="text-slate-600 dark:text-slate-300">
            You can restore the site later; no monitor is redeployed.
          </p>
          {error && <Notice tone="error">{error}</Notice>}
          <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              pending={setArchived.isPending}
              onClick={() => setArchived.mutate({ orgSlug, siteId: site.id, archived: true })}
            >
              Archive site
            </Button>
          </div>
        </div>
      </Dialog>
    </div>
  );
}
