"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { formErrors, useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export function AcceptInvitation({ token, orgName }: { token: string; orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({ onSuccess: (r) => router.push(`/${r.organizationSlug}`) }),
  );
  const error = formErrors(accept.error).message;
  return (
    <div className="space-y-4">
      {error && <Notice tone="error">{error}</Notice>}
      <Button
        className="w-full"
        pending={accept.isPending || accept.isSuccess}
        onClick={() => accept.mutate({ token })}
      >
        Join {orgName}
      </Button>
    </div>
  );
}
