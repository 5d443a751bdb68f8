"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { slugify } from "@/lib/validation";
import { formErrors, useTRPC } from "@/lib/trpc";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function CreateOrgForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const create = useMutation(
    trpc.organization.create.mutationOptions({ onSuccess: (org) => router.push(`/${org.slug}`) }),
  );
  const errors = formErrors(create.error);
  const effectiveSlug = slugTouched ? slug : slugify(name);

  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, slug: effectiveSlug });
      }}
    >
      {errors.message && <Notice tone="error">{errors.message}</Notice>}
      <TextField
        label="Organisation name"
        name="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="Acme Acoustics"
        error={errors.fields.name}
        required
      />
      <TextField
        label="Address"
        name="slug"
        value={effectiveSlug}
        onChange={(e) => {
          setSlugTouched(true);
          setSlug(e.target.value);
        }}
        error={errors.fields.slug}
        hint={`Your portal address: /${effectiveSlug || "your-team"}`}
        required
      />
      <Button type="submit" pending={create.isPending}>
        Create organisation
      </Button>
    </form>
  );
}
