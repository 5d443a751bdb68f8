"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDate } from "@/lib/format";
import { can, grantableRoles, ROLE_LABEL, ROLE_RANK, ROLES, type Role } from "@/lib/permissions";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export type MemberRow = RouterOutputs["members"]["list"][number];

export function MembersTable({
  orgSlug,
  members,
  me,
}: {
  orgSlug: string;
  members: MemberRow[];
  me: { userId: string; role: Role };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const onSuccess = () => router.refresh();
  const updateRole = useMutation(trpc.members.updateRole.mutationOptions({ onSuccess }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess }));
  const error = formErrors(updateRole.error ?? remove.error).message;
  const canEditRoles = can(me.role, "members:update-role");
  const canRemove = can(me.role, "members:remove");

  return (
    <div>
      {error && (
        <Notice tone="error" className="mx-5 mt-4">
          {error}
        </Notice>
      )}
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs font-medium uppercase tracking-wide text-slate-500 dark:border-slate-800">
            <th className="px-5 py-2.5">Person</th>
            <th className="hidden px-5 py-2.5 sm:table-cell">Joined</th>
            <th className="px-5 py-2.5">Role</th>
            <th className="px-5 py-2.5">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {members.map((m) => {
            const isMe = m.user.id === me.userId;
            const outranksMe = ROLE_RANK[m.role] > ROLE_RANK[me.role];
            const editable = canEditRoles && !outranksMe;
            return (
              <tr key={m.id} data-testid={`member-${m.user.email}`}>
                <td className="px-5 py-3">
                  <div className="flex items-center gap-3">
                    <Avatar name={m.user.name} size="sm" />
                    <div className="min-w-0">
                      <p className="truncate font-medium text-slate-900 dark:text-white">
                        {m.user.name} {isMe && <span className="font-normal text-slate-500">(you)</span>}
                      </p>
                      <p className="truncate text-xs text-slate-500 dark:text-slate-400">{m.user.email}</p>
                    </div>
                  </div>
                </td>
                <td className="hidden px-5 py-3 text-slate-500 sm:table-cell">{formatDate(m.createdAt)}</td>
                <td className="px-5 py-3">
                  {editable ? (
                    <select
                      aria-label={`Role of ${m.user.name}`}
                      value={m.role}
                      disabled={updateRole.isPending}
                      onChange={(e) => updateRole.mutate({ orgSlug, membershipId: m.id, role: e.target.value as Role })}
                      className="rounded-md border-0 bg-white py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300 dark:bg-slate-900 dark:ring-slate-700"
                    >
                      {ROLES.filter((r) => grantableRoles(me.role).includes(r) || r === m.role).map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABEL[r]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <Badge tone={m.role === "owner" ? "brand" : "neutral"}>{ROLE_LABEL[m.role]}</Badge>
                  )}
                </td>
                <td className="px-5 py-3 text-right">
                  {canRemove &&
                    !outranksMe &&
                    !isMe &&
                    (confirmRemove === m.id ? (
                      <span className="inline-flex gap-2">
                        <Button
                          size="sm"
                          variant="danger"
                          pending={remove.isPending}
                          onClick={() => remove.mutate({ orgSlug, membershipId: m.id })}
                        >
                          Remove
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(null)}>
                          Cancel
                        </Button>
                      </span>
                    ) : (
                      <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(m.id)}>
                        Remove…
                      </Button>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
