import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { currentIdentity } from "@/server/auth/config";
import { publicOrigin } from "@/server/http";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ identity: await currentIdentity(), origin: publicOrigin(req) }),
  });

export { handler as GET, handler as POST };
