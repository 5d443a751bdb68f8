import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireViewer } from "@/server/auth/viewer";
import { serverCaller } from "./server-caller";

/**
 * The organisation a page renders for, through the same procedure (and so the
 * same membership check) as the API. A non-member sees a 404.
 */
export const loadOrgPage = cache(async (slug: string) => {
  // Paths like /favicon.ico land here too: they can never be an organisation.
  if (!/^[a-z0-9-]{2,40}$/.test(slug)) notFound();
  const user = await requireViewer(`/${slug}`);
  const caller = await serverCaller();
  try {
    const org = await caller.organization.get({ orgSlug: slug });
    return { user, org, caller };
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "UNAUTHORIZED")) notFound();
    throw error;
  }
});

/** Runs a page's query; a permission error becomes the page's own message. */
export async function forbiddenAsNull<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return null;
    throw error;
  }
}
