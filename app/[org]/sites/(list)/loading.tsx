// The sites list's loading skeleton (components/ui/page-skeleton.tsx says why each section has its own). It sits in
// the (list) group so it does not wrap /sites/[code], which must answer 404 for a site the caller may not see.
export { PageSkeleton as default } from "@/components/ui/page-skeleton";
