"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Fragment, useEffect, useRef, useState } from "react";
import { formatDate } from "@/lib/format";
import { can, grantableRoles, ROLE_LABEL, ROLE_RANK, ROLES, type Role } from "@/lib/permissions";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { Notice } from "@/components/ui/notice";
import { SiteAccessFields, siteAccessLabel, type SiteAccess, type SiteChoice } from "./site-access-fields";

export type MemberRow = RouterOutputs["members"]["list"][number];

/** Only members and viewers can be limited to sites; admins and owners see everything. */
const limitable = (role: Role) => role === "member" || role === "viewer";

/** The inline editor of one member's sites, under their row. */
function SitesEditor({
  orgSlug,
  member,
  sites,
  onDone,
}: {
  orgSlug: string;
  member: MemberRow;
  sites: SiteChoice[];
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [draft, setDraft] = useState<SiteAccess>(member.sites?.map((s) => s.id) ?? null);
  const first = useRef<HTMLInputElement>(null);
  const save = useMutation(
    trpc.members.setSites.mutationOptions({
      onSuccess: () => {
        router.refresh();
        onDone();
      },
    }),
  );
  const errors = formErrors(save.error);
  useEffect(() => first.current?.focus(), []);
  // Archived sites they still have are offered too, so saving keeps them unless unticked.
  const offered = [...sites, ...(member.sites ?? []).filter((s) => !sites.some((c) => c.id === s.id))];

  return (
    <form
      className="space-y-3 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200 ring-inset dark:bg-slate-800/50 dark:ring-slate-700"
      aria-label={`Sites ${member.user.name} sees`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ orgSlug, membershipId: member.id, siteIds: draft });
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") onDone();
      }}
    >
      <SiteAccessFields
        legend={`Sites ${member.user.name} sees`}
        sites={offered}
        value={draft}
        onChange={setDraft}
        error={errors.fields.siteIds}
        disabled={save.isPending}
        firstRef={first}
      />
      {draft !== null && draft.length === 0 && offered.length > 0 && (
        <p className="text-xs text-amber-700 dark:text-amber-300">
          With no site ticked they see no instruments or alerts until you add one.
        </p>
      )}
      {errors.message && <Notice tone="error">{errors.message}</Notice>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" pending={save.isPending}>
          Save sites
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function MembersTable({
  orgSlug,
  members,
  me,
  sites = [],
}: {
  orgSlug: string;
  members: MemberRow[];
  me: { userId: string; role: Role };
  /** The organisation's sites (none yet: the site lines stay hidden unless someone is limited). */
  sites?: SiteChoice[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [editingSites, setEditingSites] = useState<string | null>(null);
  const closeSites = (membershipId: string) => {
    setEditingSites(null);
    // Back to the button that opened the editor, for keyboard users.
    requestAnimationFrame(() => document.getElementById(`sites-button-${membershipId}`)?.focus());
  };
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
            const showSites = limitable(m.role) && (sites.length > 0 || m.sites !== null);
            const editing = editingSites === m.id && limitable(m.role);
            return (
              <Fragment key={m.id}>
                <tr data-testid={`member-${m.user.email}`} className={cx(editing && "border-b-0")}>
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
                        onChange={(e) =>
                          updateRole.mutate({ orgSlug, membershipId: m.id, role: e.target.value as Role })
                        }
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
                    {showSites && (
                      <div
                        className="mt-1 flex max-w-64 flex-wrap items-baseline gap-x-2 text-xs"
                        data-testid="member-sites"
                      >
                        <span
                          className={cx(
                            "min-w-0 break-words",
                            m.sites?.length === 0
                              ? "font-medium text-amber-700 dark:text-amber-300"
                              : "text-slate-500 dark:text-slate-400",
                          )}
                        >
                          {siteAccessLabel(m.sites)}
                        </span>
                        {editable && (
                          <button
                            type="button"
                            id={`sites-button-${m.id}`}
                            aria-expanded={editing}
                            onClick={() => (editing ? closeSites(m.id) : setEditingSites(m.id))}
                            className="font-medium text-brand-700 hover:underline dark:text-brand-300"
                            aria-label={`Change the sites ${m.user.name} sees`}
                          >
                            Change
                          </button>
                        )}
                      </div>
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
                {editing && (
                  <tr>
                    <td colSpan={4} className="px-5 pb-4">
                      <SitesEditor orgSlug={orgSlug} member={m} sites={sites} onDone={() => closeSites(m.id)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
