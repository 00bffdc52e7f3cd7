import Link from "next/link";
import { MainNavigation } from "@/components/shell/main-navigation";

// The agency's name and the signed-in user arrive with sign-in (they depend on the session).
export function AppHeader() {
  return (
    <header className="app-header">
      <div className="app-header__bar">
        <Link href="/" className="app-header__brand">
          Throughline
        </Link>
        <span className="app-header__agency">Your agency</span>
        <Link href="/login" className="app-header__sign-in">
          Sign in
        </Link>
      </div>
      <MainNavigation />
    </header>
  );
}
