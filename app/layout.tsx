import type { Metadata } from "next";
import localFont from "next/font/local";
import type { ReactNode } from "react";
import { TrpcProviders } from "@/lib/trpc";
import "./globals.css";

const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Fleet Portal", template: "%s · Fleet Portal" },
  description: "Watch your Cirrus Research noise monitors, prove their calibration and hear about problems fast.",
};

// Applies the saved theme before first paint so dark mode never flashes.
const themeScript = `try{var t=localStorage.getItem("theme");if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen font-sans">
        <TrpcProviders>{children}</TrpcProviders>
      </body>
    </html>
  );
}
