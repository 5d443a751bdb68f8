import { Avatar } from "@/components/ui/avatar";
import { formatDateTime } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";

/** One entry of an audit page: the organisation's log, or a person's own security activity. */
export type AuditItem = RouterOutputs["audit"]["list"]["items"][number];

type Data = Record<string, unknown>;

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Human sentences for audit actions; unknown actions show their code. */
export function describeAudit(action: string, raw: unknown): string {
  const d = (raw && typeof raw === "object" ? raw : {}) as Data;
  switch (action) {
    case "org.created":
      return `created the organisation “${str(d.name)}”`;
    case "org.updated": {
      const name = d.name as { from?: string; to?: string } | undefined;
      const tz = d.timezone as { from?: string; to?: string } | undefined;
      const parts = [
        name ? `renamed the organisation from “${name.from}” to “${name.to}”` : "",
        tz ? `changed the timezone from ${tz.from} to ${tz.to}` : "",
      ].filter(Boolean);
      return parts.length ? parts.join(" and ") : "updated the organisation settings";
    }
    case "member.role_changed":
      return `changed ${str(d.email)} from ${str(d.from)} to ${str(d.to)}`;
    case "member.removed":
      return `removed ${str(d.email)} (${str(d.role)})`;
    case "member.left":
      return "left the organisation";
    case "invitation.created":
      return `invited ${str(d.email)} as ${str(d.role)}`;
    case "invitation.revoked":
      return `revoked the invitation for ${str(d.email)}`;
    case "invitation.accepted":
      return `joined as ${str(d.role)} by invitation`;
    case "auth.sign_in":
      return "signed in";
    case "auth.sign_in_failed":
      return "failed to sign in (wrong password)";
    case "auth.sign_in_throttled":
      return "was blocked from signing in after too many attempts";
    case "user.sign_up":
      return "created the account";
    case "user.password_changed":
      return "changed the password";
    case "user.profile_updated":
      return "updated the profile";
    default:
      return action;
  }
}

/** Times in `timeZone` (the organisation's), or in UTC for a person's own activity. */
export function AuditList({ items, timeZone = "UTC" }: { items: AuditItem[]; timeZone?: string }) {
  if (items.length === 0) {
    return <p className="px-5 py-8 text-center text-sm text-slate-500">Nothing recorded yet.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {items.map((item) => (
        <li key={item.id} className="flex items-start gap-3 px-5 py-3.5">
          <Avatar name={item.actor?.name ?? "System"} size="sm" />
          <div className="min-w-0 flex-1 text-sm">
            <p>
              <span className="font-medium text-slate-900 dark:text-white">{item.actor?.name ?? "System"}</span>{" "}
              <span className="text-slate-600 dark:text-slate-300">{describeAudit(item.action, item.data)}</span>
            </p>
            <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
              <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt, { timeZone })}</time>
              {item.actor && <> · {item.actor.email}</>}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
