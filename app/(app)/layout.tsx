import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";

export default function AppLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <AppHeader />
      <main id="main-content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
