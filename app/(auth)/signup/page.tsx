import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { signInWithPassword } from "@/server/auth/actions";
import { viewer } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; email?: string }>;
}) {
  const { callbackUrl, email } = await searchParams;
  const target = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  if (await viewer()) redirect(target);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Create your account</h1>
      <p className="mb-8 mt-2 text-sm text-slate-500 dark:text-slate-400">
        Then create an organisation or accept an invitation.
      </p>
      <SignUpForm callbackUrl={target} signIn={signInWithPassword} email={email} />
    </>
  );
}
