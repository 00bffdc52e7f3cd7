import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { AppHeader } from "@/components/shell/app-header";
import { TreeActionsProvider } from "@/components/actions/tree-actions";
import { signOutAction } from "./login/actions";
import * as treeActions from "./tree/actions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  // A user whose password someone else chose goes nowhere but to choosing their own (app/(password)/account/password,
  // outside this layout). The data access layer refuses them everything else anyway: this only shows them the way.
  const principal = await getCurrentPrincipal();
  if (principal?.kind === "user" && principal.mustChangePassword) redirect("/account/password");
  return (
    <>
      <AppHeader signOutAction={signOutAction} />
      <main id="main-content" tabIndex={-1}>
        {/* A plain object of server action references: what React can pass to client components. */}
        <TreeActionsProvider actions={{ ...treeActions }}>{children}</TreeActionsProvider>
      </main>
    </>
  );
}
