import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { currentIdentity } from "@/server/auth/config";
import { isCrossSiteWrite, publicOrigin } from "@/server/http";

const handler = (req: Request) => {
  if (isCrossSiteWrite(req)) {
    return Response.json(
      { error: { message: "Cross-site requests are not allowed", code: "FORBIDDEN" } },
      { status: 403 },
    );
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ identity: await currentIdentity(), origin: publicOrigin(new URL(req.url).origin) }),
  });
};

export { handler as GET, handler as POST };
