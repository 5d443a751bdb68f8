import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitation } from "@/components/org/accept-invitation";
import { Card } from "@/components/ui/card";
import { Logo } from "@/components/ui/logo";
import { Notice } from "@/components/ui/notice";
import { ROLE_LABEL } from "@/lib/permissions";
import { serverCaller } from "@/server/api/server-caller";
import { signOutAction } from "@/server/auth/actions";
import { viewer } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

const STATE_TEXT = {
  accepted: "This invitation has already been used.",
  revoked: "This invitation was revoked. Ask the person who invited you for a new one.",
  expired: "This invitation has expired. Ask the person who invited you for a new one.",
} as const;

async function load(token: string) {
  try {
    return await (await serverCaller()).invitations.preview({ token });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
    throw error;
  }
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([load(token), viewer()]);
  const here = `/invite/${token}`;

  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md">
        <Logo className="mb-8 text-lg" />
        <Card className="p-7">
          {!invitation ? (
            <Notice tone="error">This invitation link is not valid. Check that you copied all of it.</Notice>
          ) : invitation.state !== "pending" ? (
            <Notice tone="warning">{STATE_TEXT[invitation.state]}</Notice>
          ) : (
            <div className="space-y-5">
              <div>
                <p className="text-sm text-slate-500 dark:text-slate-400">
                  {invitation.invitedByName} invited you to join
                </p>
                <h1 className="mt-1 text-2xl font-semibold tracking-tight">{invitation.organizationName}</h1>
                <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
                  as <strong>{ROLE_LABEL[invitation.role]}</strong>, with the address{" "}
                  <strong>{invitation.email}</strong>.
                </p>
              </div>
              {!user ? (
                <div className="grid gap-2">
                  <Link
                    href={`/signup?email=${encodeURIComponent(invitation.email)}&callbackUrl=${encodeURIComponent(here)}`}
                    className="rounded-lg bg-brand-600 px-3.5 py-2 text-center text-sm font-medium text-white hover:bg-brand-700"
                  >
                    Create an account to join
                  </Link>
                  <Link
                    href={`/signin?callbackUrl=${encodeURIComponent(here)}`}
                    className="rounded-lg px-3.5 py-2 text-center text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
                  >
                    I already have an account
                  </Link>
                </div>
              ) : user.email !== invitation.email ? (
                <div className="space-y-3">
                  <Notice tone="warning">
                    You are signed in as {user.email}. This invitation is for {invitation.email}; sign in with that
                    address to accept it.
                  </Notice>
                  <form action={signOutAction}>
                    <button className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300">
                      Sign out
                    </button>
                  </form>
                </div>
              ) : (
                <AcceptInvitation token={token} orgName={invitation.organizationName} />
              )}
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}
