import Link from "next/link";

export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="max-w-sm text-sm text-slate-500">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="mt-2 text-sm font-medium text-brand-700 hover:underline">
        Go to your organisations
      </Link>
    </div>
  );
}
