import type { ReactNode } from "react";
import { PublicHeader } from "@/components/shell/public-header";

/**
 * The frame of every public page: skip link, header, main landmark and footer, as the root
 * layout of the App Router (app/layout.tsx) draws them for the signed-in app. The public pages
 * are Pages Router pages (pages/p/…), which do not use that layout.
 */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="usa-skipnav" href="#main-content">
        Skip to main content
      </a>
      <PublicHeader />
      <main id="main-content" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer">
        <p>Throughline — open-source performance management on KPI driver trees.</p>
      </footer>
    </>
  );
}
