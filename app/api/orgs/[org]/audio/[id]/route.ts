/**
 * An event's audio as WAV, for the instrument page's player. Binary, so not
 * tRPC; the same authorisation path (session, membership, permission), and the
 * audio comes through the organisation's own MyCirrus key.
 */
import { authenticate, authorizeOrg } from "@/server/api/authorize";
import { currentIdentity } from "@/server/auth/config";
import { AppError, errorResponse } from "@/server/errors";
import { eventAudio } from "@/server/services/fleet";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params;
  try {
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(id)) throw new AppError("NOT_FOUND", "Recording not found");
    const user = await authenticate(await currentIdentity());
    const { organization } = await authorizeOrg(user.id, slug, "instruments:read");
    const wav = await eventAudio(organization.id, id);
    return new Response(Buffer.from(wav), {
      headers: {
        "Content-Type": "audio/wav",
        "Content-Length": String(wav.byteLength),
        "Cache-Control": "private, max-age=3600",
        "Content-Disposition": `inline; filename="event-${id.replace(/[^A-Za-z0-9_-]/g, "_")}.wav"`,
      },
    });
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    throw error;
  }
}
