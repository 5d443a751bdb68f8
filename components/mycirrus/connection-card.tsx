"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDateTime } from "@/lib/format";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

type Connection = RouterOutputs["mycirrus"]["connection"];
/** What the key may do, one entry per scope; `key` is the key's own verdict, not a scope. */
type Scope = Exclude<keyof NonNullable<Connection["capabilities"]>, "key">;

export interface ConnectionProps {
  orgSlug: string;
  canManage: boolean;
  connection: Connection;
}

const CAPABILITY_LABELS: [key: Scope, label: string, scope: string][] = [
  ["instruments", "Instruments and status", "instruments:read"],
  ["data", "Noise data", "data.noise:read"],
  ["systemHealth", "Calibration, SIC and system health", "data.system:read"],
  ["webhooksRead", "Read webhooks", "webhooks:read"],
  ["webhooksWrite", "Register webhooks (alerts)", "webhooks:write"],
  ["rename", "Rename instruments", "instruments:write"],
  ["actions", "Identify, calibration and SIC actions", "instruments:action"],
];

const STATUS: Record<NonNullable<Connection["status"]>, { tone: BadgeTone; label: string }> = {
  valid: { tone: "green", label: "Connected" },
  invalid: { tone: "red", label: "Key refused" },
  unchecked: { tone: "amber", label: "Not verified" },
};

export function ConnectionCard({ orgSlug, canManage, connection }: ConnectionProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState(connection.baseUrl);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const refresh = () => router.refresh();
  const save = useMutation(
    trpc.mycirrus.saveKey.mutationOptions({
      onSuccess: () => {
        setApiKey("");
        refresh();
      },
    }),
  );
  const recheck = useMutation(trpc.mycirrus.recheck.mutationOptions({ onSuccess: refresh }));
  const [address, setAddress] = useState(connection.baseUrl);
  const switchAddress = useMutation(trpc.mycirrus.setBaseUrl.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.mycirrus.removeKey.mutationOptions({
      onSuccess: () => {
        setConfirmRemove(false);
        refresh();
      },
    }),
  );
  const errors = formErrors(save.error);
  const otherError = formErrors(recheck.error ?? remove.error ?? switchAddress.error).message;
  const status = connection.status ? STATUS[connection.status] : null;

  return (
    <div className="divide-y divide-slate-100 dark:divide-slate-800">
      <div className="space-y-4 p-5">
        {connection.configured ? (
          <>
            <div className="flex flex-wrap items-center gap-3">
              {status && <Badge tone={status.tone}>{status.label}</Badge>}
              <span className="font-mono text-sm" aria-label="Stored key">
                •••• {connection.last4}
              </span>
              <span className="text-sm text-slate-500 dark:text-slate-400">via {connection.baseUrlLabel}</span>
              {connection.lastCheckedAt && (
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  checked {formatDateTime(connection.lastCheckedAt)}
                </span>
              )}
            </div>
            {connection.lastError && (
              <Notice tone={connection.status === "invalid" ? "error" : "warning"}>{connection.lastError}</Notice>
            )}
            {connection.capabilities && (
              <ul className="grid gap-2 sm:grid-cols-2" aria-label="What the key can do">
                {CAPABILITY_LABELS.map(([key, label, scope]) => {
                  const value = connection.capabilities?.[key] ?? "unknown";
                  return (
                    <li
                      key={key}
                      className="flex items-center gap-2 text-sm"
                      data-testid={`capability-${key}`}
                      data-value={value}
                    >
                      <span
                        aria-hidden
                        className={
                          value === "yes" ? "text-emerald-600" : value === "no" ? "text-rose-500" : "text-slate-400"
                        }
                      >
                        {value === "yes" ? "✓" : value === "no" ? "✕" : "?"}
                      </span>
                      <span>{label}</span>
                      <span className="font-mono text-[11px] text-slate-400">{scope}</span>
                      <span className="sr-only">
                        {value === "yes" ? "allowed" : value === "no" ? "not allowed" : "unknown"}
                      </span>
                    </li>
                  );
                })}
              </ul>
            )}
            {canManage && (
              <div className="flex flex-wrap gap-2">
                <Button
                  variant="secondary"
                  size="sm"
                  pending={recheck.isPending}
                  onClick={() => recheck.mutate({ orgSlug })}
                >
                  Test again
                </Button>
                {confirmRemove ? (
                  <>
                    <Button
                      variant="danger"
                      size="sm"
                      pending={remove.isPending}
                      onClick={() => remove.mutate({ orgSlug })}
                    >
                      Remove the key
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setConfirmRemove(false)}>
                      Cancel
                    </Button>
                  </>
                ) : (
                  <Button variant="ghost" size="sm" onClick={() => setConfirmRemove(true)}>
                    Remove…
                  </Button>
                )}
              </div>
            )}
            {canManage && connection.baseUrlChoices.length > 1 && (
              <div className="flex flex-wrap items-end gap-2">
                <SelectField
                  label="Talk to"
                  name="address"
                  value={address}
                  onChange={(e) => setAddress(e.target.value)}
                  className="min-w-64"
                >
                  {connection.baseUrlChoices.map((c) => (
                    <option key={c.url} value={c.url}>
                      {c.label}
                    </option>
                  ))}
                </SelectField>
                <Button
                  variant="secondary"
                  disabled={address === connection.baseUrl}
                  pending={switchAddress.isPending}
                  onClick={() => switchAddress.mutate({ orgSlug, baseUrl: address })}
                >
                  Switch and test
                </Button>
              </div>
            )}
            {otherError && <Notice tone="error">{otherError}</Notice>}
          </>
        ) : (
          <Notice tone="info">
            No MyCirrus API key yet.{" "}
            {canManage
              ? "Create one in the MyCirrus API console and paste it below."
              : "Ask an owner or admin to add one."}
          </Notice>
        )}
      </div>
      {canManage && (
        <form
          className="space-y-4 p-5"
          noValidate
          autoComplete="off"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ orgSlug, apiKey, baseUrl });
          }}
        >
          <h3 className="text-sm font-semibold">{connection.configured ? "Replace the key" : "Add your API key"}</h3>
          {errors.message && <Notice tone="error">{errors.message}</Notice>}
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="MyCirrus API key"
              name="apiKey"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              placeholder="mycirrus-123456-AABBCCDD11223344"
              error={errors.fields.apiKey}
              hint="Stored encrypted. It is never shown again, only its last 4 characters."
            />
            <SelectField
              label="MyCirrus address"
              name="baseUrl"
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
              error={errors.fields.baseUrl}
            >
              {connection.baseUrlChoices.map((c) => (
                <option key={c.url} value={c.url}>
                  {c.label}
                </option>
              ))}
            </SelectField>
          </div>
          <Button type="submit" pending={save.isPending}>
            {save.isPending ? "Testing the key…" : "Test and save"}
          </Button>
        </form>
      )}
    </div>
  );
}
