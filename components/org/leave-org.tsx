"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formErrors, useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export function LeaveOrg({ orgSlug, orgName }: { orgSlug: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const leave = useMutation(trpc.members.leave.mutationOptions({ onSuccess: () => router.push("/") }));
  const error = formErrors(leave.error).message;
  return (
    <div className="space-y-3 p-5">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        You will lose access to {orgName} until someone invites you again.
      </p>
      {error && <Notice tone="error">{error}</Notice>}
      {confirming ? (
        <div className="flex gap-2">
          <Button variant="danger" pending={leave.isPending} onClick={() => leave.mutate({ orgSlug })}>
            Yes, leave {orgName}
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Leave organisation…
        </Button>
      )}
    </div>
  );
}
