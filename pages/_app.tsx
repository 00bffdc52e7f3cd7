import type { AppProps } from "next/app";
import Head from "next/head";
// The same stylesheets as the App Router's root layout (app/layout.tsx): the Pages Router takes
// global CSS only from here. The print rules are in globals.css.
import "@uswds/uswds/css/uswds.min.css";
import "@/app/globals.css";

// The Pages Router serves only the public dashboard (pages/p/…): read-only pages that ship no
// JavaScript at all. Everything else is the App Router (app/).
export default function PublicApp({ Component, pageProps }: AppProps) {
  return (
    <>
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <Component {...pageProps} />
    </>
  );
}
