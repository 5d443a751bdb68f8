"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { formatDate } from "@/lib/format";
import { ROLE_LABEL } from "@/lib/permissions";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export type InvitationRow = RouterOutputs["invitations"]["list"][number];

const STATE_TONE: Record<InvitationRow["state"], BadgeTone> = {
  pending: "amber",
  accepted: "green",
  revoked: "neutral",
  expired: "red",
};

export function InvitationsTable({
  orgSlug,
  invitations,
  canRevoke,
}: {
  orgSlug: string;
  invitations: InvitationRow[];
  canRevoke: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(trpc.invitations.revoke.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = formErrors(revoke.error).message;
  if (invitations.length === 0) {
    return <p className="px-5 py-6 text-sm text-slate-500">No invitations yet. Invite a colleague above.</p>;
  }
  return (
    <div>
      {error && (
        <Notice tone="error" className="mx-5 mt-4">
          {error}
        </Notice>
      )}
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {invitations.map((inv) => (
          <li
            key={inv.id}
            className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm"
            data-testid={`invitation-${inv.email}`}
          >
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium">{inv.email}</p>
              <p className="text-xs text-slate-500 dark:text-slate-400">
                {ROLE_LABEL[inv.role]} · invited by {inv.invitedBy.name} on {formatDate(inv.createdAt)}
                {inv.state === "pending" && <> · expires {formatDate(inv.expiresAt)}</>}
              </p>
            </div>
            {inv.state === "pending" && inv.delivery?.state === "failed" && (
              <span className="text-xs text-rose-600 dark:text-rose-400" title={inv.delivery.error ?? undefined}>
                Email bounced: {inv.delivery.error ?? "refused"}. Send the link another way.
              </span>
            )}
            {inv.state === "pending" && inv.delivery && inv.delivery.state !== "failed" && (
              <span className="text-xs text-slate-500">
                {inv.delivery.state === "sent" ? "email sent" : "email queued"}
              </span>
            )}
            <Badge tone={STATE_TONE[inv.state]}>{inv.state}</Badge>
            {canRevoke && inv.state === "pending" && (
              <Button
                size="sm"
                variant="ghost"
                pending={revoke.isPending && revoke.variables?.invitationId === inv.id}
                onClick={() => revoke.mutate({ orgSlug, invitationId: inv.id })}
              >
                Revoke
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
