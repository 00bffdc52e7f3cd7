import { Head, Html, Main, NextScript } from "next/document";

export default function PublicDocument() {
  return (
    <Html lang="en">
      <Head />
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
