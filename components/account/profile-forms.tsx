"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formErrors, useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [value, setValue] = useState(name);
  const update = useMutation(trpc.account.updateProfile.mutationOptions({ onSuccess: () => router.refresh() }));
  const errors = formErrors(update.error);
  return (
    <form
      className="space-y-5 p-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ name: value });
      }}
    >
      {errors.message && <Notice tone="error">{errors.message}</Notice>}
      {update.isSuccess && <Notice tone="success">Saved.</Notice>}
      <TextField
        label="Name"
        name="name"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={errors.fields.name}
      />
      <TextField label="Email" name="email" value={email} disabled readOnly />
      <Button type="submit" pending={update.isPending}>
        Save
      </Button>
    </form>
  );
}

/** After a password change every session ends, this one included: sign in again. */
export function PasswordForm({ signOut }: { signOut: () => Promise<void> }) {
  const trpc = useTRPC();
  const [values, setValues] = useState({ currentPassword: "", newPassword: "" });
  const change = useMutation(trpc.account.changePassword.mutationOptions({ onSuccess: () => void signOut() }));
  const errors = formErrors(change.error);
  return (
    <form
      className="space-y-5 p-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate(values);
      }}
    >
      {errors.message && <Notice tone="error">{errors.message}</Notice>}
      {change.isSuccess && <Notice tone="success">Password changed. Signing you out of every session…</Notice>}
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={(e) => setValues({ ...values, currentPassword: e.target.value })}
        error={errors.fields.currentPassword}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        value={values.newPassword}
        onChange={(e) => setValues({ ...values, newPassword: e.target.value })}
        error={errors.fields.newPassword}
        hint="At least 10 characters. Every other session is signed out."
      />
      <Button type="submit" pending={change.isPending}>
        Change password
      </Button>
    </form>
  );
}
