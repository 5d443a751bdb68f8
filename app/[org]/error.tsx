"use client";
/**
 * What an organisation page shows when it fails: what happened in words, a way
 * to try again and a way back to the overview. It sits inside the
 * organisation's layout, so the navigation stays. The error itself goes to the
 * console only: its message and stack are for developers, and a server
 * error's reference (its digest) is what matches the server's log.
 */
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { startTransition, useEffect, useRef } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

function digestOf(error: unknown): string | null {
  return error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
}

export default function OrgPageError({ error, reset }: { error: unknown; reset: () => void }) {
  const { org } = useParams<{ org?: string }>();
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  const digest = digestOf(error);

  useEffect(() => {
    console.error(error);
  }, [error]);
  // Keyboard and screen reader users land on what happened, not somewhere in the old page.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  // reset() alone re-renders what the server sent before; refreshing first asks it for the page again.
  const tryAgain = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });

  return (
    <Card className="mx-auto mt-8 max-w-lg px-6 py-10 text-center">
      <div
        aria-hidden
        className="mx-auto flex size-12 items-center justify-center rounded-full bg-rose-50 text-rose-600 dark:bg-rose-950/50 dark:text-rose-300"
      >
        <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path
            d="M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </div>
      <h1
        ref={heading}
        tabIndex={-1}
        className="mt-4 text-lg font-semibold text-slate-900 focus:outline-none dark:text-white"
      >
        This page could not be loaded
      </h1>
      <p className="mx-auto mt-2 max-w-sm text-sm text-slate-600 dark:text-slate-300">
        Something went wrong on our side. Please try again; if it keeps happening, tell your administrator
        {digest ? " and quote the reference below" : ""}.
      </p>
      {digest && (
        <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
          Reference <code className="font-mono">{digest}</code>
        </p>
      )}
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Button onClick={tryAgain}>Try again</Button>
        <Link href={org ? `/${org}` : "/"} className={buttonClass({ variant: "secondary" })}>
          Back to the overview
        </Link>
      </div>
    </Card>
  );
}
