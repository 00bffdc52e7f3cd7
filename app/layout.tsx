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

// The document around every page. The signed-in app ((app)/layout.tsx) and the public
// dashboard (p/layout.tsx) each add their own header: the public pages read no session, so
// they can be rendered once and served from the cache to every resident.
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
