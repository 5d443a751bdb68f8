"use server";
/**
 * Server actions for signing in and out. next-auth's signIn throws a redirect
 * on success, which must be re-thrown; a credentials error becomes a message.
 */
import { AuthError } from "next-auth";
import { signInInput } from "@/lib/validation";
import { signIn, signOut } from "./config";

interface SignInState {
  error: string | null;
  fields?: { email?: string; password?: string };
}

const MESSAGES: Record<string, string> = {
  invalid: "That email and password do not match an account.",
  throttled: "Too many attempts. Wait 15 minutes, then try again.",
};

/** Only same-site paths may be used as a destination after sign-in. */
function safeCallback(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

export async function signInWithPassword(_: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInInput.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) {
    const fields = parsed.error.flatten().fieldErrors;
    return { error: null, fields: { email: fields.email?.[0], password: fields.password?.[0] } };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallback(form.get("callbackUrl")) });
    return { error: null };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code ?? "invalid";
      return { error: MESSAGES[code] ?? MESSAGES.invalid! };
    }
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}

export async function signOutToSignIn(): Promise<void> {
  await signOut({ redirectTo: "/signin?changed=1" });
}
