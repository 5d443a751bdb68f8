/**
 * RFC 8058 one-click unsubscribe: mail apps POST `List-Unsubscribe=One-Click`
 * to this URL. The signed token says who and which organisation; no session.
 */
import { unsubscribeWithToken } from "@/server/services/notifications";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const result = await unsubscribeWithToken(token);
  if (result.ok) return new Response("You are unsubscribed from this organisation's alert emails.\n", { status: 200 });
  const status = result.reason === "gone" ? 404 : 400;
  return new Response(
    result.reason === "expired"
      ? "This unsubscribe link has expired. Change your settings in the portal.\n"
      : "This unsubscribe link is not valid.\n",
    { status },
  );
}

/** A browser following the link sees a confirmation page (link scanners must not unsubscribe people). */
export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return Response.redirect(new URL(`/unsubscribe?token=${encodeURIComponent(token)}`, request.url), 303);
}
