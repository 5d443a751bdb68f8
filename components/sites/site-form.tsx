"use client";
/** Create or edit a site: every field of siteFieldsSchema, checked as the server checks it, errors on the field. */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { timeZoneChoices } from "@/lib/local-time";
import { siteFieldsSchema, type SiteFields } from "@/lib/sites";
import { formErrors, useTRPC, type RouterOutputs } from "@/lib/trpc";
import { Dialog } from "./dialog";
import { controlClass, describedBy, Help, Label, parseOptionalNumber } from "./form-bits";

export type SiteDetail = RouterOutputs["sites"]["get"];

type Values = Record<
  | "name"
  | "code"
  | "clientName"
  | "address"
  | "latitude"
  | "longitude"
  | "timezone"
  | "startDate"
  | "endDate"
  | "notes",
  string
>;
type FieldName = keyof Values;

function initialValues(site?: SiteDetail): Values {
  return {
    name: site?.name ?? "",
    code: site?.code ?? "",
    clientName: site?.clientName ?? "",
    address: site?.address ?? "",
    latitude: site?.latitude?.toString() ?? "",
    longitude: site?.longitude?.toString() ?? "",
    timezone: site?.timezone ?? "",
    startDate: site?.startDate ?? "",
    endDate: site?.endDate ?? "",
    notes: site?.notes ?? "",
  };
}

/** What the form sends, and the problems the browser can see before sending it. */
function check(values: Values): { fields: SiteFields | null; errors: Partial<Record<FieldName, string>> } {
  const errors: Partial<Record<FieldName, string>> = {};
  const latitude = parseOptionalNumber(values.latitude);
  const longitude = parseOptionalNumber(values.longitude);
  if (Number.isNaN(latitude)) errors.latitude = "Enter the latitude in decimal degrees, e.g. 51.5072";
  if (Number.isNaN(longitude)) errors.longitude = "Enter the longitude in decimal degrees, e.g. −0.1276";
  const fields: SiteFields = {
    name: values.name,
    code: values.code,
    clientName: values.clientName,
    address: values.address,
    latitude: Number.isNaN(latitude) ? null : latitude,
    longitude: Number.isNaN(longitude) ? null : longitude,
    timezone: values.timezone || null,
    startDate: values.startDate || null,
    endDate: values.endDate || null,
    notes: values.notes,
  };
  const parsed = siteFieldsSchema.safeParse(fields);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as FieldName | undefined;
      if (key && !errors[key]) errors[key] = issue.message;
    }
  return { fields: Object.keys(errors).length ? null : fields, errors };
}

export function SiteFormDialog({
  orgSlug,
  orgTimezone,
  site,
  open,
  onClose,
}: {
  orgSlug: string;
  orgTimezone: string;
  /** Absent: a new site. */
  site?: SiteDetail;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      wide
      title={site ? `Edit ${site.name}` : "New site"}
      description={
        site
          ? "Changes apply from now; deployments and limit schedules are kept."
          : "A site is a project (a construction job, a quarry, a festival) where monitors stand for a while."
      }
    >
      <SiteForm orgSlug={orgSlug} orgTimezone={orgTimezone} site={site} onClose={onClose} />
    </Dialog>
  );
}

function SiteForm({
  orgSlug,
  orgTimezone,
  site,
  onClose,
}: {
  orgSlug: string;
  orgTimezone: string;
  site?: SiteDetail;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [values, setValues] = useState<Values>(() => initialValues(site));
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<string, string>>>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);

  const onError = (error: unknown) => {
    const e = formErrors(error);
    setServerErrors(e.fields);
    setServerMessage(e.message);
  };
  const create = useMutation(
    trpc.sites.create.mutationOptions({
      onSuccess: (created) => {
        onClose();
        router.push(`/${orgSlug}/sites/${encodeURIComponent(created.code)}`);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.sites.update.mutationOptions({
      onSuccess: (updated) => {
        onClose();
        if (site && updated.code !== site.code) router.replace(`/${orgSlug}/sites/${encodeURIComponent(updated.code)}`);
        else router.refresh();
      },
      onError,
    }),
  );
  const pending = create.isPending || update.isPending;

  const local = check(values);
  const errorOf = (field: FieldName) => (submitted ? local.errors[field] : undefined) ?? serverErrors[field];
  const set = (field: FieldName) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors(({ [field]: _dropped, ...rest }) => rest);
  };

  const zones = timeZoneChoices();
  const zoneList = values.timezone && !zones.includes(values.timezone) ? [values.timezone, ...zones] : zones;

  const field = (
    name: FieldName,
    label: string,
    control: (props: {
      id: string;
      value: string;
      "aria-invalid"?: true;
      "aria-describedby"?: string;
      className: string;
    }) => ReactNode,
    options: { hint?: ReactNode; className?: string } = {},
  ) => {
    const fieldId = `${id}-${name}`;
    const error = errorOf(name);
    return (
      <div className={options.className}>
        <Label htmlFor={fieldId}>{label}</Label>
        {control({
          id: fieldId,
          value: values[name],
          "aria-invalid": error ? true : undefined,
          "aria-describedby": describedBy(fieldId, error, options.hint),
          className: controlClass(error),
        })}
        <Help id={fieldId} error={error} hint={options.hint} />
      </div>
    );
  };

  return (
    <form
      noValidate
      className="space-y-5 p-5"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        setServerMessage(null);
        if (!local.fields) return;
        if (site) update.mutate({ orgSlug, siteId: site.id, fields: local.fields });
        else create.mutate({ orgSlug, ...local.fields });
      }}
    >
      {serverMessage && <Notice tone="error">{serverMessage}</Notice>}
      {submitted && !local.fields && <Notice tone="error">Please correct the highlighted fields.</Notice>}
      <div className="grid gap-4 sm:grid-cols-6">
        {field(
          "name",
          "Name",
          (p) => (
            <input {...p} maxLength={80} autoComplete="off" onChange={(e) => set("name")(e.target.value)} />
          ),
          { className: "sm:col-span-4" },
        )}
        {field(
          "code",
          "Short code",
          (p) => (
            <input
              {...p}
              maxLength={12}
              autoComplete="off"
              className={`${p.className} font-mono uppercase`}
              onChange={(e) => set("code")(e.target.value.toUpperCase())}
            />
          ),
          { className: "sm:col-span-2", hint: "In the address and alert titles, e.g. HRB" },
        )}
        {field(
          "clientName",
          "Client",
          (p) => (
            <input {...p} maxLength={120} onChange={(e) => set("clientName")(e.target.value)} />
          ),
          { className: "sm:col-span-6", hint: "Optional: who the monitoring is for" },
        )}
        {field(
          "address",
          "Address",
          (p) => (
            <textarea {...p} rows={2} maxLength={300} onChange={(e) => set("address")(e.target.value)} />
          ),
          { className: "sm:col-span-6" },
        )}
        {field(
          "latitude",
          "Latitude",
          (p) => (
            <input {...p} inputMode="decimal" onChange={(e) => set("latitude")(e.target.value)} />
          ),
          { className: "sm:col-span-3", hint: "Optional, decimal degrees" },
        )}
        {field(
          "longitude",
          "Longitude",
          (p) => (
            <input {...p} inputMode="decimal" onChange={(e) => set("longitude")(e.target.value)} />
          ),
          { className: "sm:col-span-3", hint: "West is negative, e.g. −0.1276" },
        )}
        {field(
          "timezone",
          "Timezone",
          (p) => (
            <select {...p} className={`${p.className} pr-8`} onChange={(e) => set("timezone")(e.target.value)}>
              <option value="">The organisation&apos;s ({orgTimezone})</option>
              {zoneList.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          ),
          {
            className: "sm:col-span-6",
            hint: "Limit periods (day, evening, night) and the times on the site's pages follow this clock.",
          },
        )}
        {field(
          "startDate",
          "Start date",
          (p) => (
            <input {...p} type="date" onChange={(e) => set("startDate")(e.target.value)} />
          ),
          { className: "sm:col-span-3", hint: "Optional" },
        )}
        {field(
          "endDate",
          "End date",
          (p) => (
            <input {...p} type="date" onChange={(e) => set("endDate")(e.target.value)} />
          ),
          { className: "sm:col-span-3", hint: "Optional, planned or actual" },
        )}
        {field(
          "notes",
          "Notes",
          (p) => (
            <textarea {...p} rows={3} maxLength={2000} onChange={(e) => set("notes")(e.target.value)} />
          ),
          { className: "sm:col-span-6", hint: "Optional: consent reference, contacts, access" },
        )}
      </div>
      <div className="flex flex-wrap justify-end gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" pending={pending}>
          {site ? "Save changes" : "Create site"}
        </Button>
      </div>
    </form>
  );
}
