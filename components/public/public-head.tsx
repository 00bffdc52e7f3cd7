import Head from "next/head";

export type PublicPageMeta = { title: string; description: string; type: "website" | "article" };

/** Title, description and social preview tags of a public page (the App Router's metadata, by hand). */
export function PublicHead({ title, description, type }: PublicPageMeta) {
  return (
    <Head>
      <title>{`${title} · Throughline`}</title>
      <meta name="description" content={description} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:type" content={type} />
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
    </Head>
  );
}
