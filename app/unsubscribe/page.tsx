import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { Logo } from "@/components/ui/logo";
import { Notice } from "@/components/ui/notice";
import { verifyUnsubscribeToken } from "@/server/email/unsubscribe-token";
import { unsubscribeWithToken } from "@/server/services/notifications";

export const metadata: Metadata = { title: "Unsubscribe" };
export const dynamic = "force-dynamic";

const REASONS = {
  malformed: "This unsubscribe link is not valid. Check that you used the whole link.",
  forged: "This unsubscribe link is not valid. Check that you used the whole link.",
  expired: "This unsubscribe link has expired. Sign in and change your alert email settings instead.",
  gone: "You are no longer a member of that organisation, so it sends you nothing.",
} as const;

async function confirm(form: FormData) {
  "use server";
  const { redirect } = await import("next/navigation");
  const token = String(form.get("token") ?? "");
  const result = await unsubscribeWithToken(token);
  redirect(
    `/unsubscribe?done=${result.ok ? "1" : result.reason}&org=${encodeURIComponent(result.ok ? result.organizationName : "")}`,
  );
}

export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string; done?: string; org?: string }>;
}) {
  const { token, done, org } = await searchParams;
  const check = token ? verifyUnsubscribeToken(token) : null;
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md">
        <Logo className="mb-8 text-lg" />
        <Card className="space-y-4 p-7">
          <h1 className="text-xl font-semibold tracking-tight">Alert emails</h1>
          {done === "1" ? (
            <Notice tone="success">
              You will no longer receive alert emails from {org || "that organisation"}. Other organisations are not
              affected.
            </Notice>
          ) : done ? (
            <Notice tone="error">{REASONS[done as keyof typeof REASONS] ?? REASONS.malformed}</Notice>
          ) : !check || !check.ok ? (
            <Notice tone="error">{REASONS[check?.reason ?? "malformed"]}</Notice>
          ) : (
            <form action={confirm} className="space-y-4">
              <p className="text-sm text-slate-600 dark:text-slate-300">
                Stop all alert emails from this organisation? You can turn them on again in the portal.
              </p>
              <input type="hidden" name="token" value={token} />
              <button className="w-full rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
                Unsubscribe
              </button>
            </form>
          )}
        </Card>
      </div>
    </div>
  );
}
