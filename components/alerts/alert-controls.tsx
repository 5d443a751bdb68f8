"use client";
/**
 * What a member (not a viewer) can do on an alert's page: acknowledge, resolve,
 * reopen, choose the assignee, and comment. The server checks the permission
 * again; these are only shown to people who have it.
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { COMMENT_MAX_LENGTH } from "@/lib/alerts";
import { formatCount } from "@/lib/format";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";

export function AlertActions({
  orgSlug,
  alertId,
  state,
}: {
  orgSlug: string;
  alertId: string;
  state: RouterOutputs["alerts"]["get"]["state"];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const done = { onSuccess: () => router.refresh() };
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions(done));
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions(done));
  const reopen = useMutation(trpc.alerts.reopen.mutationOptions(done));
  const error = formErrors(acknowledge.error ?? resolve.error ?? reopen.error).message;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {state === "open" && (
          <Button pending={acknowledge.isPending} onClick={() => acknowledge.mutate({ orgSlug, alertIds: [alertId] })}>
            Acknowledge
          </Button>
        )}
        {state !== "resolved" ? (
          <Button variant="secondary" pending={resolve.isPending} onClick={() => resolve.mutate({ orgSlug, alertId })}>
            Resolve
          </Button>
        ) : (
          <Button variant="secondary" pending={reopen.isPending} onClick={() => reopen.mutate({ orgSlug, alertId })}>
            Reopen
          </Button>
        )}
      </div>
      {error && <Notice tone="error">{error}</Notice>}
    </div>
  );
}

export function AssigneeSelect({
  orgSlug,
  alertId,
  assigneeId,
  members,
}: {
  orgSlug: string;
  alertId: string;
  assigneeId: string | null;
  members: Pick<RouterOutputs["members"]["list"][number]["user"], "id" | "name">[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [value, setValue] = useState(assigneeId ?? "");
  const assign = useMutation(trpc.alerts.assign.mutationOptions({ onSuccess: () => router.refresh() }));
  const errors = formErrors(assign.error);
  return (
    <div className="space-y-2">
      <SelectField
        label="Assignee"
        value={value}
        disabled={assign.isPending}
        error={errors.fields.assigneeId}
        onChange={(e) => {
          setValue(e.target.value);
          assign.mutate({ orgSlug, alertId, assigneeId: e.target.value || null });
        }}
      >
        <option value="">Nobody</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </SelectField>
      {errors.message && !errors.fields.assigneeId && <Notice tone="error">{errors.message}</Notice>}
    </div>
  );
}

export function CommentForm({ orgSlug, alertId }: { orgSlug: string; alertId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [text, setText] = useState("");
  const comment = useMutation(
    trpc.alerts.comment.mutationOptions({
      onSuccess: () => {
        setText("");
        router.refresh();
      },
    }),
  );
  const errors = formErrors(comment.error);
  const fieldError = errors.fields.text;
  const length = text.trim().length;
  return (
    <form
      className="space-y-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        comment.mutate({ orgSlug, alertId, text });
      }}
    >
      <label htmlFor={id} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        Comment
      </label>
      <textarea
        id={id}
        name="text"
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={fieldError ? true : undefined}
        aria-describedby={`${id}-help`}
        placeholder="What you found, what you did, what happens next"
        className={cx(
          "block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500 focus:outline-none dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700",
          fieldError && "ring-rose-400 focus:ring-rose-500 dark:ring-rose-500",
        )}
      />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div id={`${id}-help`} className="text-xs">
          {fieldError ? (
            <p role="alert" className="text-rose-600 dark:text-rose-400">
              {fieldError}
            </p>
          ) : (
            <p
              className={
                length > COMMENT_MAX_LENGTH ? "text-rose-600 dark:text-rose-400" : "text-slate-500 dark:text-slate-400"
              }
            >
              {formatCount(length)} / {formatCount(COMMENT_MAX_LENGTH)} characters
            </p>
          )}
        </div>
        <Button type="submit" size="sm" pending={comment.isPending}>
          Add comment
        </Button>
      </div>
      {errors.message && !fieldError && <Notice tone="error">{errors.message}</Notice>}
    </form>
  );
}
