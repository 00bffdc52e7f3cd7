import type { Metadata } from "next";
import type { ReactNode } from "react";
// The U.S. Web Design System's compiled stylesheet, with its fonts bundled from the package (no font is fetched
// from another site), then the app's own styles.
import "@uswds/uswds/css/uswds.min.css";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Throughline", template: "%s · Throughline" },
  description: "Performance management on KPI driver trees for public agencies.",
};

// The document around every App Router page; the signed-in app ((app)/layout.tsx) adds its
// header. The public dashboard is Pages Router pages (pages/p/…, with pages/_app.tsx and
// components/public/public-layout.tsx) so that it ships no JavaScript.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="usa-skipnav" href="#main-content">
          Skip to main content
        </a>
        {children}
        <footer className="app-footer">
          <p>Throughline — open-source performance management on KPI driver trees.</p>
        </footer>
      </body>
    </html>
  );
}
