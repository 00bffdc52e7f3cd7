import Link from "next/link";

/** The one "not found" answer: never a hint that something exists but is hidden. */
export function NotFoundMessage() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>There is nothing here, or you do not have access to it.</p>
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
    </div>
  );
}
