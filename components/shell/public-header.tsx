import Link from "next/link";

// The header of pages anyone may read. It reads no session on purpose: these pages are the
// same for every visitor, so they can be cached and served to all of them.
export function PublicHeader() {
  return (
    <header className="app-header">
      <div className="app-header__bar">
        <Link href="/" className="app-header__brand">
          Throughline
        </Link>
        <span className="app-header__agency">Public performance dashboard</span>
        <Link href="/login" className="app-header__sign-in">
          Staff sign in
        </Link>
      </div>
    </header>
  );
}
