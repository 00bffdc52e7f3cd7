import type { ReactNode } from "react";
import { requireViewer } from "@/components/shell/require-viewer";

// Checked here, above the page's loading state: a signed-out request is redirected to sign in (307)
// before anything is streamed, instead of a 200 whose redirect only the browser's JavaScript follows.
export default async function DepartmentGuardLayout({ children }: { children: ReactNode }) {
  await requireViewer("/department");
  return children;
}
