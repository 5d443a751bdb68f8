"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useTransition } from "react";
import type { SignInAction } from "./sign-in-form";
import { formErrors, useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function SignUpForm({
  callbackUrl,
  email: presetEmail,
  signIn,
}: {
  callbackUrl: string;
  email?: string;
  signIn: SignInAction;
}) {
  const trpc = useTRPC();
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const [signingIn, startSignIn] = useTransition();
  const [signInError, setSignInError] = useState<string | null>(null);
  const errors = formErrors(signUp.error);

  function submit(form: FormData) {
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    signUp.mutate(input, {
      onSuccess: () =>
        startSignIn(async () => {
          const data = new FormData();
          data.set("email", input.email);
          data.set("password", input.password);
          data.set("callbackUrl", callbackUrl);
          const result = await signIn({ error: null }, data);
          if (result?.error) setSignInError(result.error);
        }),
    });
  }

  return (
    <form action={submit} className="space-y-5" noValidate>
      {errors.message && <Notice tone="error">{errors.message}</Notice>}
      {signInError && <Notice tone="error">{signInError}</Notice>}
      <TextField label="Your name" name="name" autoComplete="name" required error={errors.fields.name} />
      <TextField
        label="Work email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={presetEmail}
        required
        error={errors.fields.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={errors.fields.password}
        hint="At least 10 characters. A passphrase is easiest to remember."
      />
      <Button type="submit" className="w-full" pending={signUp.isPending || signingIn}>
        Create account
      </Button>
      <p className="text-center text-sm text-slate-500 dark:text-slate-400">
        Already have an account?{" "}
        <Link
          href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-medium text-brand-700 hover:underline dark:text-brand-300"
        >
          Sign in
        </Link>
      </p>
    </form>
  );
}
