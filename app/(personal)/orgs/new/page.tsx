import type { Metadata } from "next";
import { CreateOrgForm } from "@/components/org/create-org-form";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "New organisation" };

export default function NewOrganizationPage() {
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-semibold tracking-tight">Create an organisation</h1>
      <p className="mb-6 mt-1 text-sm text-slate-500 dark:text-slate-400">
        An organisation holds your monitors, your MyCirrus connection and your team. You will be its owner.
      </p>
      <Card className="p-6">
        <CreateOrgForm />
      </Card>
    </div>
  );
}
