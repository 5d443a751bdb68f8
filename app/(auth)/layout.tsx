import type { ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="grid min-h-screen lg:grid-cols-2">
      <div className="flex flex-col justify-center px-6 py-12 sm:px-12">
        <div className="mx-auto w-full max-w-sm">
          <Logo className="mb-10 text-lg text-slate-900 dark:text-white" />
          {children}
        </div>
      </div>
      <aside className="relative hidden overflow-hidden bg-gradient-to-br from-brand-700 via-brand-800 to-slate-900 lg:flex lg:flex-col lg:justify-end lg:p-14">
        <svg
          className="absolute inset-0 h-full w-full opacity-20"
          viewBox="0 0 400 400"
          preserveAspectRatio="none"
          aria-hidden
        >
          <path
            d="M0 220 C 40 180, 60 260, 100 210 S 160 120, 200 200 S 260 300, 300 190 S 360 140, 400 210"
            fill="none"
            stroke="white"
            strokeWidth="2"
          />
          <path
            d="M0 260 C 50 230, 70 300, 120 250 S 180 170, 220 240 S 290 320, 330 230 S 380 200, 400 250"
            fill="none"
            stroke="white"
            strokeWidth="1"
          />
        </svg>
        <blockquote className="relative max-w-md text-white">
          <p className="text-2xl font-semibold leading-snug">
            Every monitor online, every calibration proven, every exceedance caught.
          </p>
          <p className="mt-4 text-sm text-brand-100">
            One place for your Quantum and Optimus fleet: live status, calibration history and alerts that reach the
            right people.
          </p>
        </blockquote>
      </aside>
    </div>
  );
}
