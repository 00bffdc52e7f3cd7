import type { ReactNode } from "react";
import { PublicHeader } from "@/components/shell/public-header";

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PublicHeader />
      <main id="main-content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
