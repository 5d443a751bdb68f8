"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { grantableRoles, ROLE_LABEL, type Role } from "@/lib/permissions";
import { formErrors, useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SiteAccessFields, type SiteAccess, type SiteChoice } from "./site-access-fields";

/** Only members and viewers can be limited to sites. */
const limitable = (role: Role) => role === "member" || role === "viewer";

export function InviteForm({ orgSlug, myRole, sites = [] }: { orgSlug: string; myRole: Role; sites?: SiteChoice[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [siteIds, setSiteIds] = useState<SiteAccess>(null);
  const [noSite, setNoSite] = useState(false);
  const [copied, setCopied] = useState(false);
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: () => {
        setEmail("");
        setCopied(false);
        router.refresh();
      },
    }),
  );
  const errors = formErrors(invite.error);

  return (
    <div className="space-y-4 p-5">
      <form
        noValidate
        className="grid gap-4 sm:grid-cols-[1fr_10rem] sm:items-start"
        onSubmit={(e) => {
          e.preventDefault();
          const limited = limitable(role) && siteIds !== null;
          // An empty list would invite them to the whole organisation: ask instead.
          if (limited && siteIds.length === 0) {
            setNoSite(true);
            return;
          }
          invite.mutate({ orgSlug, email, role, ...(limited && { siteIds }) });
        }}
      >
        <TextField
          label="Email address"
          name="email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder="colleague@example.com"
          error={errors.fields.email}
        />
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          error={errors.fields.role}
        >
          {grantableRoles(myRole).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </SelectField>
        <div className="sm:col-span-2">
          {!limitable(role) ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">
              Admins and owners always see every site and instrument.
            </p>
          ) : sites.length === 0 && siteIds === null ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">
              No sites yet, so they will see the whole organisation. Once there are sites, you can limit a member or
              viewer to some of them.
            </p>
          ) : (
            <SiteAccessFields
              sites={sites}
              value={siteIds}
              onChange={(next) => {
                setSiteIds(next);
                setNoSite(false);
              }}
              error={noSite ? "Tick at least one site, or choose Whole organisation." : errors.fields.siteIds}
            />
          )}
        </div>
        <div className="sm:col-span-2">
          <Button type="submit" pending={invite.isPending}>
            Send invitation
          </Button>
        </div>
      </form>
      {errors.message && <Notice tone="error">{errors.message}</Notice>}
      {invite.data && (
        <Notice tone="success">
          <p className="font-medium">
            Invitation emailed. You can also send this link yourself; it works once and expires in 7 days.
          </p>
          <div className="mt-2 flex gap-2">
            <input
              readOnly
              value={invite.data.link}
              aria-label="Invitation link"
              data-testid="invite-link"
              className="w-full rounded-md bg-white px-2 py-1 font-mono text-xs text-slate-800 ring-1 ring-emerald-300 dark:bg-slate-900 dark:text-slate-200"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button
              type="button"
              size="sm"
              variant="secondary"
              onClick={() =>
                navigator.clipboard?.writeText(invite.data!.link).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </Notice>
      )}
    </div>
  );
}
