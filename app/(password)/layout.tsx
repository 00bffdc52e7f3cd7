import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { signOutAction } from "../(app)/login/actions";

// The pages about one's password, outside the signed-in app's layout: that layout sends a user who must change their
// password here (/account/password), and the set-password link (/set-password) needs no session at all.
export default function PasswordLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <AppHeader signOutAction={signOutAction} />
      <main id="main-content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
