import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { TreeActionsProvider } from "@/components/actions/tree-actions";
import { signOutAction } from "./login/actions";
import * as treeActions from "./tree/actions";

export default function AppLayout({ children }: { children: ReactNode }) {
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
