// This section's loading skeleton; components/ui/page-skeleton.tsx says why each section has its own.
export { PageSkeleton as default } from "@/components/ui/page-skeleton";
