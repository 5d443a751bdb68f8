/**
 * next-auth (Auth.js v5): email + password via the Credentials provider, JWT
 * sessions. The JWT carries only the user id and session version; roles and
 * memberships are read from the database on every request.
 */
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { signInInput } from "@/lib/validation";
import { env } from "@/server/env";
import { verifyCredentials } from "@/server/services/accounts";

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid";
}
class Throttled extends CredentialsSignin {
  override code = "throttled";
}

/**
 * Auth.js marks its cookies Secure (with the __Secure-/__Host- name prefixes)
 * only when the request URL it sees is https. Behind a load balancer that ends
 * TLS without sending X-Forwarded-Proto it would see http and send the session
 * cookie without Secure. PUBLIC_URL says where users really are, so an https
 * PUBLIC_URL always means Secure cookies; otherwise (dev, the e2e server on
 * plain http) the request decides, as Auth.js does by default.
 */
function useSecureCookies(publicUrl: string | undefined): boolean | undefined {
  return publicUrl?.startsWith("https:") ? true : undefined;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  useSecureCookies: useSecureCookies(env().PUBLIC_URL),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw) {
        const parsed = signInInput.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const result = await verifyCredentials(parsed.data.email, parsed.data.password);
        if (!result.ok) throw result.reason === "throttled" ? new Throttled() : new InvalidCredentials();
        return {
          id: result.user.id,
          email: result.user.email,
          name: result.user.name,
          sessionVersion: result.user.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, sessionVersion: token.sv as number };
    },
  },
}));

/** The session as the server uses it: who, and which session version. */
export interface SessionIdentity {
  userId: string;
  sessionVersion: number;
}

export async function currentIdentity(): Promise<SessionIdentity | null> {
  const session = (await auth()) as { userId?: string; sessionVersion?: number } | null;
  if (!session?.userId || typeof session.sessionVersion !== "number") return null;
  return { userId: session.userId, sessionVersion: session.sessionVersion };
}
