"use client";
/**
 * Identify / Calibration / SIC with live progress: Calibration and SIC answer
 * InProgress, then the status is polled every 2 s until the instrument says it
 * is done, and the new record is shown. Also rename.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { formatDateTime, formatNumber, formatTime, signed } from "@/lib/format";
import { formErrors, useTRPC } from "@/lib/trpc";

type Action = "Identify" | "Calibration" | "SIC";

interface Props {
  orgSlug: string;
  serial: string;
  name: string;
  isNoise: boolean;
  hasSic: boolean;
  canAct: boolean;
  canRename: boolean;
  /** From the snapshot: an action already running when the page was opened. */
  running: { calibration: boolean; sic: boolean };
}

export function InstrumentActions({ orgSlug, serial, name, isNoise, hasSic, canAct, canRename, running }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const [watching, setWatching] = useState<Action | null>(
    running.calibration ? "Calibration" : running.sic ? "SIC" : null,
  );
  const [message, setMessage] = useState<{ tone: "success" | "error" | "info"; text: string } | null>(null);
  const queryClient = useQueryClient();
  const [checkedAt, setCheckedAt] = useState<number | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);

  const start = useMutation(
    trpc.instruments.startAction.mutationOptions({
      onSuccess: (result, vars) => {
        if (result.status === "InProgress") {
          setWatching(vars.action);
          setMessage({
            tone: "info",
            text: `${vars.action === "SIC" ? "SIC" : "Calibration"} started. This page follows it until it finishes.`,
          });
        } else if (result.status === "Success") {
          setMessage({
            tone: "success",
            text: vars.action === "Identify" ? "The instrument is flashing its lights." : `${vars.action} succeeded.`,
          });
        } else {
          setMessage({
            tone: "error",
            text: `${vars.action} ${result.status.toLowerCase()}${vars.action !== "Identify" ? "" : " (is the instrument online?)"}.`,
          });
        }
      },
      onError: (e) => setMessage({ tone: "error", text: formErrors(e).message ?? "Could not start the action." }),
    }),
  );

  // While an action runs: read the live status every 2 s until the instrument says it is done.
  useEffect(() => {
    if (!watching) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const s = await queryClient.fetchQuery({
          ...trpc.instruments.status.queryOptions({ orgSlug, serial }),
          staleTime: 0,
          gcTime: 0,
        });
        if (!alive) return;
        setCheckedAt(Date.now());
        setPollError(null);
        const done = watching === "Calibration" ? !s.calibrationInProgress : !s.sicInProgress;
        if (done) {
          setWatching(null);
          if (watching === "Calibration" && s.lastCalibration) {
            const c = s.lastCalibration;
            setMessage({
              tone: c.status === "Success" ? "success" : "error",
              text: `Calibration finished: ${c.status}, level ${formatNumber(c.level, 2)} dB, offset ${signed(c.offset)} (${formatDateTime(c.time)}).`,
            });
          } else if (watching === "SIC" && s.lastSic) {
            setMessage({
              tone: s.lastSic.status === "Success" ? "success" : "error",
              text: `SIC finished: ${s.lastSic.status} (${formatDateTime(s.lastSic.time)}).`,
            });
          } else {
            setMessage({ tone: "success", text: `${watching} finished.` });
          }
          router.refresh();
          return;
        }
      } catch (error) {
        if (!alive) return;
        setPollError(formErrors(error).message);
      }
      timer = setTimeout(tick, 2000);
    };
    timer = setTimeout(tick, 2000);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [watching, orgSlug, serial, queryClient, trpc, router]);

  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(name);
  const rename = useMutation(
    trpc.instruments.rename.mutationOptions({
      onSuccess: () => {
        setRenaming(false);
        router.refresh();
      },
    }),
  );
  const renameError = formErrors(rename.error);

  const busy = watching !== null || start.isPending;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {canAct && (
          <>
            <Button
              variant="secondary"
              size="sm"
              disabled={busy}
              onClick={() => start.mutate({ orgSlug, serial, action: "Identify" })}
            >
              Identify
            </Button>
            {isNoise && (
              <Button
                variant="secondary"
                size="sm"
                disabled={busy}
                pending={watching === "Calibration"}
                onClick={() => start.mutate({ orgSlug, serial, action: "Calibration" })}
              >
                {watching === "Calibration" ? "Calibrating…" : "Calibrate"}
              </Button>
            )}
            {isNoise && hasSic && (
              <Button
                variant="secondary"
                size="sm"
                disabled={busy}
                pending={watching === "SIC"}
                onClick={() => start.mutate({ orgSlug, serial, action: "SIC" })}
              >
                {watching === "SIC" ? "SIC running…" : "Run SIC"}
              </Button>
            )}
          </>
        )}
        {canRename && !renaming && (
          <Button variant="ghost" size="sm" onClick={() => setRenaming(true)}>
            Rename
          </Button>
        )}
      </div>
      {watching && (
        <div
          className="flex items-center gap-3 rounded-lg bg-brand-50 px-3.5 py-2.5 text-sm text-brand-900 ring-1 ring-brand-200 ring-inset dark:bg-brand-900/30 dark:text-brand-100 dark:ring-brand-800"
          role="status"
          data-testid="action-progress"
        >
          <span
            className="size-4 shrink-0 animate-spin rounded-full border-2 border-current border-r-transparent"
            aria-hidden
          />
          <span>
            {watching} in progress on the instrument
            {checkedAt ? ` · checked ${formatTime(new Date(checkedAt))}` : ""}
          </span>
          <Badge tone="brand">live</Badge>
        </div>
      )}
      {message && !watching && (
        <Notice tone={message.tone === "info" ? "info" : message.tone} className="max-w-2xl">
          <span data-testid="action-result">{message.text}</span>
        </Notice>
      )}
      {pollError && watching && <Notice tone="warning">Could not read the status: {pollError} Still trying.</Notice>}
      {renaming && (
        <form
          className="flex max-w-md flex-wrap items-start gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate({ orgSlug, serial, name: newName });
          }}
        >
          <label className="sr-only" htmlFor="rename-input">
            New name
          </label>
          <input
            id="rename-input"
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            maxLength={64}
            className="min-w-0 flex-1 rounded-lg border-0 bg-white px-3 py-1.5 text-sm shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500 dark:bg-slate-900 dark:ring-slate-700"
          />
          <Button size="sm" type="submit" pending={rename.isPending}>
            Save
          </Button>
          <Button size="sm" variant="ghost" type="button" onClick={() => setRenaming(false)}>
            Cancel
          </Button>
          {(renameError.message || renameError.fields.name) && (
            <p className="w-full text-xs text-rose-600">{renameError.fields.name ?? renameError.message}</p>
          )}
        </form>
      )}
    </div>
  );
}
