"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { timeZoneChoices } from "@/lib/local-time";
import { formErrors, useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function OrgSettingsForm({
  orgSlug,
  name,
  timezone,
  canEdit,
}: {
  orgSlug: string;
  name: string;
  timezone: string;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [values, setValues] = useState({ name, timezone });
  const update = useMutation(trpc.organization.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const errors = formErrors(update.error);

  return (
    <form
      className="space-y-5 p-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ orgSlug, ...values });
      }}
    >
      {errors.message && <Notice tone="error">{errors.message}</Notice>}
      {update.isSuccess && <Notice tone="success">Saved.</Notice>}
      <TextField
        label="Organisation name"
        name="name"
        value={values.name}
        disabled={!canEdit}
        onChange={(e) => setValues({ ...values, name: e.target.value })}
        error={errors.fields.name}
      />
      <SelectField
        label="Timezone"
        name="timezone"
        value={values.timezone}
        disabled={!canEdit}
        onChange={(e) => setValues({ ...values, timezone: e.target.value })}
        error={errors.fields.timezone}
        hint="Used for alert schedules (day and night limits) and for times in emails."
      >
        {timeZoneChoices().map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Address"
        name="slug"
        value={`/${orgSlug}`}
        disabled
        readOnly
        hint="The address cannot be changed, so links people saved keep working."
      />
      {canEdit ? (
        <Button type="submit" pending={update.isPending}>
          Save changes
        </Button>
      ) : (
        <p className="text-sm text-slate-500">Only owners and admins can change these settings.</p>
      )}
    </form>
  );
}
