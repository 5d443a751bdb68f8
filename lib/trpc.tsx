"use client";
/**
 * The browser's tRPC client on TanStack Query. Only the router's type crosses
 * from the server; no server code is bundled.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * What each procedure takes and returns, e.g. `RouterOutputs["alerts"]["list"]["items"][number]`.
 * Components type their props from these instead of copying a service's result by hand.
 */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export function TrpcProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

export interface FormErrors {
  message: string | null;
  fields: Record<string, string | undefined>;
}

/** Turns a tRPC error into a form-level message plus per-field messages. */
export function formErrors(error: unknown): FormErrors {
  if (!(error instanceof TRPCClientError)) {
    return { message: error ? "Could not reach the server. Check your connection and try again." : null, fields: {} };
  }
  const data = error.data as { field?: string | null; fieldErrors?: Record<string, string[]> | null } | undefined;
  const fields: Record<string, string | undefined> = {};
  for (const [key, messages] of Object.entries(data?.fieldErrors ?? {})) fields[key] = messages?.[0];
  if (data?.field) fields[data.field] = error.message;
  const hasFields = Object.keys(fields).length > 0;
  return {
    message: hasFields && !data?.field ? "Please correct the highlighted fields." : data?.field ? null : error.message,
    fields,
  };
}
