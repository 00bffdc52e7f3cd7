import Link from "next/link";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { getOwnAgency } from "@/lib/dal/agency";
import { MainNavigation } from "@/components/shell/main-navigation";
import { ROLE_LABELS } from "@/components/shell/role-labels";

export async function AppHeader({ signOutAction }: { signOutAction: () => Promise<void> }) {
  const principal = await getCurrentPrincipal();
  const agency = principal ? await getOwnAgency(principal) : null;
  return (
    <header className="app-header">
      <div className="app-header__bar">
        <Link href="/" className="app-header__brand">
          Throughline
        </Link>
        <span className="app-header__agency">{agency?.name ?? ""}</span>
        {principal && principal.kind === "user" ? (
          <div className="app-header__user">
            <span>
              <Link href="/account" className="app-header__account">
                {principal.label}
              </Link>{" "}
              <span className="app-header__role">({ROLE_LABELS[principal.role]})</span>
            </span>
            <form action={signOutAction}>
              <button type="submit" className="link-button">
                Sign out
              </button>
            </form>
          </div>
        ) : (
          <Link href="/login" className="app-header__sign-in">
            Sign in
          </Link>
        )}
      </div>
      {principal && !(principal.kind === "user" && principal.mustChangePassword) ? (
        <MainNavigation principal={principal} />
      ) : null}
    </header>
  );
}
