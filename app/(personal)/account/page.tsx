import type { Metadata } from "next";
import { PasswordForm, ProfileForm } from "@/components/account/profile-forms";
import { AuditList } from "@/components/org/audit-list";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { serverCaller } from "@/server/api/server-caller";
import { signOutToSignIn } from "@/server/auth/actions";
import { requireViewer } from "@/server/auth/viewer";

export const metadata: Metadata = { title: "Account and security" };

export default async function AccountPage() {
  const user = await requireViewer("/account");
  const activity = await (await serverCaller()).account.securityActivity();
  return (
    <>
      <PageHeader title="Account and security" description="Your profile, your password and recent sign-ins." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Profile" />
          <ProfileForm name={user.name} email={user.email} />
        </Card>
        <Card>
          <CardHeader title="Password" />
          <PasswordForm signOut={signOutToSignIn} />
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader title="Recent security activity" description="Sign-ins and account changes. Times in UTC." />
          <AuditList items={activity.items} />
        </Card>
      </div>
    </>
  );
}
