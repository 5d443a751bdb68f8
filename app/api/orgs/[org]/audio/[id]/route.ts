/**
 * An event's audio as WAV, for the instrument page's player. Binary, so not
 * tRPC; the same authorisation path (session, membership, permission), and the
 * audio comes through the organisation's own MyCirrus key.
 */
import { authenticate, authorizeOrg } from "@/server/api/authorize";
import { currentIdentity } from "@/server/auth/config";
import { AppError, errorResponse } from "@/server/errors";
import { eventAudio, noiseEvents } from "@/server/services/fleet";
import { assertSerialsVisible, type SiteAccess } from "@/server/services/sites";

/**
 * A site-limited person may play only the audio of an event of an instrument
 * at their sites: the link names the instrument and the event's start, and the
 * event must be that instrument's and carry this recording.
 */
async function assertAudioVisible(access: SiteAccess, id: string, url: URL) {
  if (access.siteIds === null) return;
  const serial = url.searchParams.get("serial") ?? "";
  const at = new Date(url.searchParams.get("at") ?? "");
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(serial) || Number.isNaN(at.getTime()))
    throw new AppError("NOT_FOUND", "Recording not found");
  await assertSerialsVisible(access, [serial]);
  const events = await noiseEvents(access.organizationId, serial, {
    start: new Date(at.getTime() - 60_000),
    end: new Date(at.getTime() + 60_000),
  });
  if (!events.some((e) => e.audioId === id)) throw new AppError("NOT_FOUND", "Recording not found");
}

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params;
  try {
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(id)) throw new AppError("NOT_FOUND", "Recording not found");
    const user = await authenticate(await currentIdentity());
    const { organization, access } = await authorizeOrg(user.id, slug, "instruments:read");
    await assertAudioVisible(access, id, new URL(request.url));
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
