"use client";
/**
 * Deploy a monitor at a site's measurement position, move it from where it
 * stands (its deployment there closes as the new one starts), or recall it.
 * Times are typed in one stated timezone; a start in the past back-dates the
 * deployment, and an end records one that is already over. The server's
 * refusals (a back-dated clash names the deployment it hits) show on the field.
 */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { POSITION_TYPES, type PositionType } from "@/lib/domain";
import { formatInZone } from "@/lib/local-time";
import { fromZonedInputValue, toZonedInputValue } from "@/lib/site-format";
import { deploySchema, POSITION_TYPE_LABEL, type DeployInput } from "@/lib/sites";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { Dialog } from "./dialog";
import { controlClass, describedBy, Help, Label, parseOptionalNumber } from "./form-bits";

export type SiteChoice = RouterOutputs["sites"]["choices"][number];

/** A monitor that may be deployed, and where it stands now. */
export interface DeployableInstrument {
  serial: string;
  name: string;
  current: { siteId: string; siteName: string; positionName: string } | null;
}

/** The server allows this much clock slack for "now". */
const FUTURE_SLACK_MS = 5 * 60_000;

/** The time, moving on every half minute while a form is open: what "in the future" is judged against. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

type FieldName =
  | "serial"
  | "siteId"
  | "positionName"
  | "positionType"
  | "correctionDb"
  | "latitude"
  | "longitude"
  | "startAt"
  | "endAt";
type Errors = Partial<Record<FieldName, string>>;

function Field({
  id,
  label,
  error,
  hint,
  className,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      <Help id={id} error={error} hint={hint} />
    </div>
  );
}

const ariaFor = (id: string, error?: string, hint?: ReactNode) => ({
  id,
  "aria-invalid": error ? (true as const) : undefined,
  "aria-describedby": describedBy(id, error, hint),
});

export function DeployDialog({
  orgSlug,
  open,
  onClose,
  instruments,
  sites,
  defaultSerial,
  defaultSiteId,
  timeZone,
  title,
}: {
  orgSlug: string;
  open: boolean;
  onClose: () => void;
  /** One: that monitor; more: a choice. */
  instruments: DeployableInstrument[];
  sites: SiteChoice[];
  defaultSerial?: string;
  defaultSiteId?: string;
  /** The timezone the times are typed in (the site's, or the organisation's). */
  timeZone: string;
  title: string;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} description={`Times are in ${timeZone}.`} wide>
      <DeployForm
        orgSlug={orgSlug}
        onClose={onClose}
        instruments={instruments}
        sites={sites}
        defaultSerial={defaultSerial}
        defaultSiteId={defaultSiteId}
        timeZone={timeZone}
      />
    </Dialog>
  );
}

function DeployForm({
  orgSlug,
  onClose,
  instruments,
  sites,
  defaultSerial,
  defaultSiteId,
  timeZone,
}: {
  orgSlug: string;
  onClose: () => void;
  instruments: DeployableInstrument[];
  sites: SiteChoice[];
  defaultSerial?: string;
  defaultSiteId?: string;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [openedAt] = useState(() => new Date());
  const nowValue = toZonedInputValue(openedAt, timeZone);
  const now = useNow();
  const [values, setValues] = useState(() => ({
    serial: defaultSerial ?? instruments.find((i) => !i.current)?.serial ?? instruments[0]?.serial ?? "",
    siteId: defaultSiteId && sites.some((s) => s.id === defaultSiteId) ? defaultSiteId : (sites[0]?.id ?? ""),
    positionName: "",
    positionType: POSITION_TYPES[0] as PositionType,
    correctionDb: "0",
    latitude: "",
    longitude: "",
    startAt: nowValue,
    endAt: "",
  }));
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);

  const deploy = useMutation(
    trpc.sites.deploy.mutationOptions({
      onSuccess: () => {
        onClose();
        router.refresh();
      },
      onError: (error) => {
        const e = formErrors(error);
        setServerErrors(e.fields as Errors);
        setServerMessage(e.message);
      },
    }),
  );

  const set = <K extends FieldName>(field: K, value: (typeof values)[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors(({ [field]: _dropped, ...rest }) => rest);
  };

  // What would be sent, and what is wrong with it, recomputed as the user types.
  const errors: Errors = {};
  const correctionDb = parseOptionalNumber(values.correctionDb);
  const latitude = parseOptionalNumber(values.latitude);
  const longitude = parseOptionalNumber(values.longitude);
  if (correctionDb !== null && Number.isNaN(correctionDb)) errors.correctionDb = "Enter a number of dB, e.g. −3";
  if (Number.isNaN(latitude)) errors.latitude = "Enter the latitude in decimal degrees, e.g. 51.5072";
  if (Number.isNaN(longitude)) errors.longitude = "Enter the longitude in decimal degrees, e.g. −0.1276";
  if (!errors.latitude && !errors.longitude && (latitude === null) !== (longitude === null))
    errors[latitude === null ? "latitude" : "longitude"] = "Give both latitude and longitude, or neither";
  // Untouched "now" is sent as nothing, so the server's own now is used.
  const startAt = values.startAt === nowValue ? undefined : fromZonedInputValue(values.startAt, timeZone);
  const endAt = values.endAt.trim() ? fromZonedInputValue(values.endAt, timeZone) : undefined;
  if (startAt === null) errors.startAt = "Enter the date and time it was installed";
  else if (startAt && startAt.getTime() > now + FUTURE_SLACK_MS)
    errors.startAt = "A deployment starts now or in the past";
  if (endAt === null) errors.endAt = "Enter the date and time it was taken away, or leave this empty";
  else if (endAt && endAt.getTime() > now + FUTURE_SLACK_MS)
    errors.endAt = "An end cannot be in the future; leave it empty while the monitor is still there";
  if (!values.serial) errors.serial = "Choose a monitor";
  if (!values.siteId) errors.siteId = "Choose a site";
  const input: DeployInput = {
    serial: values.serial,
    siteId: values.siteId,
    positionName: values.positionName,
    positionType: values.positionType,
    correctionDb: correctionDb === null || Number.isNaN(correctionDb) ? 0 : correctionDb,
    latitude: Number.isNaN(latitude) ? null : latitude,
    longitude: Number.isNaN(longitude) ? null : longitude,
    startAt: startAt ?? undefined,
    endAt: endAt ?? undefined,
  };
  const parsed = deploySchema.safeParse(input);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as FieldName | undefined;
      if (key && !errors[key]) errors[key] = issue.message;
    }
  const valid = Object.keys(errors).length === 0;
  const errorOf = (field: FieldName) => (submitted ? errors[field] : undefined) ?? serverErrors[field];

  const chosen = instruments.find((i) => i.serial === values.serial);
  const site = sites.find((s) => s.id === values.siteId);
  const startsWhen = startAt ? `at ${formatInZone(startAt, timeZone)}` : "now";

  if (sites.length === 0)
    return (
      <div className="space-y-4 p-5 text-sm">
        <p className="text-slate-600 dark:text-slate-300">
          There is no active site to deploy to.{" "}
          <Link href={`/${orgSlug}/sites`} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
            Create a site first
          </Link>
          .
        </p>
        <div className="flex justify-end">
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
    );

  const f = (name: FieldName) => `${id}-${name}`;
  return (
    <form
      noValidate
      className="space-y-5 p-5"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        setServerMessage(null);
        if (valid) deploy.mutate({ orgSlug, ...input });
      }}
    >
      {serverMessage && <Notice tone="error">{serverMessage}</Notice>}
      {submitted && !valid && <Notice tone="error">Please correct the highlighted fields.</Notice>}
      <div className="grid gap-4 sm:grid-cols-2">
        {instruments.length > 1 ? (
          <Field id={f("serial")} label="Monitor" error={errorOf("serial")} className="sm:col-span-2">
            <select
              {...ariaFor(f("serial"), errorOf("serial"))}
              className={controlClass(errorOf("serial"), "pr-8")}
              value={values.serial}
              onChange={(e) => set("serial", e.target.value)}
            >
              {instruments.map((i) => (
                <option key={i.serial} value={i.serial}>
                  {i.name} ({i.serial})
                  {i.current ? ` · at ${i.current.siteName}, ${i.current.positionName}` : " · not deployed"}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <p className="text-sm sm:col-span-2">
            <span className="font-medium">{chosen?.name}</span>{" "}
            <span className="font-mono text-slate-500 dark:text-slate-400">{chosen?.serial}</span>
          </p>
        )}
        <Field id={f("siteId")} label="Site" error={errorOf("siteId")} className="sm:col-span-2">
          <select
            {...ariaFor(f("siteId"), errorOf("siteId"))}
            className={controlClass(errorOf("siteId"), "pr-8")}
            value={values.siteId}
            onChange={(e) => set("siteId", e.target.value)}
          >
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={f("positionName")}
          label="Measurement position"
          error={errorOf("positionName")}
          hint="As the monitoring plan names it, e.g. NML1 – façade of 12 High St"
          className="sm:col-span-2"
        >
          <input
            {...ariaFor(
              f("positionName"),
              errorOf("positionName"),
              "As the monitoring plan names it, e.g. NML1 – façade of 12 High St",
            )}
            className={controlClass(errorOf("positionName"))}
            maxLength={120}
            autoComplete="off"
            value={values.positionName}
            onChange={(e) => set("positionName", e.target.value)}
          />
        </Field>
        <fieldset className="sm:col-span-2">
          <legend className="mb-1.5 block text-sm font-medium text-slate-700 dark:text-slate-300">Position type</legend>
          <div className="flex flex-col gap-2 sm:flex-row sm:gap-5">
            {POSITION_TYPES.map((type) => (
              <label key={type} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={f("positionType")}
                  value={type}
                  checked={values.positionType === type}
                  onChange={() => set("positionType", type)}
                />
                {POSITION_TYPE_LABEL[type]}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          id={f("correctionDb")}
          label="Level correction (dB)"
          error={errorOf("correctionDb")}
          hint="Added to every level measured here, e.g. −3 to remove a façade reflection"
          className="sm:col-span-2"
        >
          <input
            {...ariaFor(
              f("correctionDb"),
              errorOf("correctionDb"),
              "Added to every level measured here, e.g. −3 to remove a façade reflection",
            )}
            className={controlClass(errorOf("correctionDb"), "sm:w-40")}
            inputMode="decimal"
            value={values.correctionDb}
            onChange={(e) => set("correctionDb", e.target.value)}
          />
        </Field>
        <Field
          id={f("latitude")}
          label="Latitude"
          error={errorOf("latitude")}
          hint="Optional; empty uses the monitor's own GPS position"
        >
          <input
            {...ariaFor(f("latitude"), errorOf("latitude"), "Optional; empty uses the monitor's own GPS position")}
            className={controlClass(errorOf("latitude"))}
            inputMode="decimal"
            value={values.latitude}
            onChange={(e) => set("latitude", e.target.value)}
          />
        </Field>
        <Field id={f("longitude")} label="Longitude" error={errorOf("longitude")} hint="Optional; west is negative">
          <input
            {...ariaFor(f("longitude"), errorOf("longitude"), "Optional; west is negative")}
            className={controlClass(errorOf("longitude"))}
            inputMode="decimal"
            value={values.longitude}
            onChange={(e) => set("longitude", e.target.value)}
          />
        </Field>
        <Field
          id={f("startAt")}
          label="Deployed from"
          error={errorOf("startAt")}
          hint="Now, or earlier to record when it was really installed"
        >
          <input
            {...ariaFor(f("startAt"), errorOf("startAt"), "Now, or earlier to record when it was really installed")}
            type="datetime-local"
            className={controlClass(errorOf("startAt"))}
            max={nowValue}
            value={values.startAt}
            onChange={(e) => set("startAt", e.target.value)}
          />
        </Field>
        <Field
          id={f("endAt")}
          label="Deployed until (optional)"
          error={errorOf("endAt")}
          hint="Only to record a past deployment that has already ended"
        >
          <input
            {...ariaFor(f("endAt"), errorOf("endAt"), "Only to record a past deployment that has already ended")}
            type="datetime-local"
            className={controlClass(errorOf("endAt"))}
            max={nowValue}
            value={values.endAt}
            onChange={(e) => set("endAt", e.target.value)}
          />
        </Field>
      </div>
      {chosen?.current && !values.endAt.trim() && (
        <Notice tone="info">
          {chosen.serial} is deployed at {chosen.current.siteName} · {chosen.current.positionName}. This closes its
          deployment there {startsWhen} and opens the new one{site ? ` at ${site.name}` : ""} at the same moment.
        </Notice>
      )}
      {values.endAt.trim() && (
        <Notice tone="info">
          With an end time this records a past deployment; it must not overlap any other part of{" "}
          {chosen?.serial ?? "the monitor"}&apos;s history.
        </Notice>
      )}
      <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" pending={deploy.isPending} disabled={submitted && !valid}>
          {chosen?.current && !values.endAt.trim() ? "Move monitor" : "Deploy monitor"}
        </Button>
      </div>
    </form>
  );
}

export function RecallDialog({
  orgSlug,
  open,
  onClose,
  instrument,
  timeZone,
}: {
  orgSlug: string;
  open: boolean;
  onClose: () => void;
  instrument: DeployableInstrument;
  timeZone: string;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Recall ${instrument.name}`}
      description={`It comes back from site and is no longer deployed. Times are in ${timeZone}.`}
    >
      <RecallForm orgSlug={orgSlug} onClose={onClose} instrument={instrument} timeZone={timeZone} />
    </Dialog>
  );
}

function RecallForm({
  orgSlug,
  onClose,
  instrument,
  timeZone,
}: {
  orgSlug: string;
  onClose: () => void;
  instrument: DeployableInstrument;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [openedAt] = useState(() => new Date());
  const nowValue = toZonedInputValue(openedAt, timeZone);
  const now = useNow();
  const [value, setValue] = useState(nowValue);
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<{ field: string | undefined; message: string | null }>({
    field: undefined,
    message: null,
  });
  const recall = useMutation(
    trpc.sites.recall.mutationOptions({
      onSuccess: () => {
        onClose();
        router.refresh();
      },
      onError: (error) => {
        const e = formErrors(error);
        setServerError({ field: e.fields.endAt, message: e.message });
      },
    }),
  );
  const endAt = value === nowValue ? undefined : fromZonedInputValue(value, timeZone);
  const localError =
    endAt === null
      ? "Enter the date and time it was taken away"
      : endAt && endAt.getTime() > now + FUTURE_SLACK_MS
        ? "A deployment ends now or in the past"
        : undefined;
  const error = (submitted ? localError : undefined) ?? serverError.field;
  const hint = "Now, or earlier if it was taken away before today";
  const fieldId = `${id}-endAt`;

  return (
    <form
      noValidate
      className="space-y-5 p-5"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        setServerError({ field: undefined, message: null });
        if (!localError) recall.mutate({ orgSlug, serial: instrument.serial, endAt: endAt ?? undefined });
      }}
    >
      {serverError.message && <Notice tone="error">{serverError.message}</Notice>}
      {instrument.current && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          <span className="font-mono">{instrument.serial}</span> stands at{" "}
          <span className="font-medium">{instrument.current.siteName}</span> · {instrument.current.positionName}. Its
          deployment there ends at the time below; the history is kept.
        </p>
      )}
      <div>
        <Label htmlFor={fieldId}>Taken away at</Label>
        <input
          {...ariaFor(fieldId, error, hint)}
          type="datetime-local"
          className={controlClass(error, "sm:w-64")}
          max={nowValue}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setServerError((s) => ({ ...s, field: undefined }));
          }}
        />
        <Help id={fieldId} error={error} hint={hint} />
      </div>
      <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="danger" pending={recall.isPending}>
          Recall monitor
        </Button>
      </div>
    </form>
  );
}

/** The buttons that open the dialogs, for a server page to place. */
export function DeployButton({
  label = "Deploy a monitor",
  title,
  variant = "primary",
  ...props
}: Omit<Parameters<typeof DeployDialog>[0], "open" | "onClose" | "title"> & {
  label?: string;
  /** The dialog's title; the label when absent. */
  title?: string;
  variant?: "primary" | "secondary" | "ghost";
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant={variant} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <DeployDialog {...props} open={open} onClose={() => setOpen(false)} title={title ?? label} />
    </>
  );
}

export function RecallButton(props: Omit<Parameters<typeof RecallDialog>[0], "open" | "onClose">) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        Recall
      </Button>
      <RecallDialog {...props} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
