import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
// The U.S. Web Design System's compiled stylesheet, with its fonts bundled from the package (no font is fetched
// from another site), then the app's own styles.
import "@uswds/uswds/css/uswds.min.css";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Throughline", template: "%s · Throughline" },
  description: "Performance management on KPI driver trees for public agencies.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="usa-skipnav" href="#main-content">
          Skip to main content
        </a>
        <AppHeader />
        <main id="main-content" tabIndex={-1}>
          {children}
        </main>
        <footer className="app-footer">
          <p>Throughline — open-source performance management on KPI driver trees.</p>
        </footer>
      </body>
    </html>
  );
}
