import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { signInWithPassword } from "@/server/auth/actions";
import { viewer } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; changed?: string }>;
}) {
  const { callbackUrl, changed } = await searchParams;
  const target = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  if (await viewer()) redirect(target);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to your fleet</h1>
      <p className="mb-8 mt-2 text-sm text-slate-500 dark:text-slate-400">
        Monitor status, calibration and alerts for your organisation.
      </p>
      <SignInForm
        callbackUrl={target}
        signIn={signInWithPassword}
        notice={changed ? "Password changed. Sign in with your new password." : undefined}
      />
    </>
  );
}
