"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import type { TreeHandlerName } from "@/lib/actions/tree-handlers";

/**
 * The tree's server actions, as the signed-in layout hands them down. Components never import from `app/` (folders
 * depend one way: app → components → lib); the layout, which may, passes the actions in here, and the forms take them
 * from the context. Each one is still a public endpoint that re-reads the session and authorizes in the DAL.
 */
export type TreeActions = {
  [Name in TreeHandlerName as `${Name}Action`]: (
    input: FormData | Record<string, unknown>,
  ) => Promise<ActionResult<unknown>>;
};

const TreeActionsContext = createContext<TreeActions | null>(null);

export function TreeActionsProvider({ actions, children }: { actions: TreeActions; children: ReactNode }) {
  return <TreeActionsContext.Provider value={actions}>{children}</TreeActionsContext.Provider>;
}

/** The tree's server actions; only inside the signed-in app's layout. */
export function useTreeActions(): TreeActions {
  const actions = useContext(TreeActionsContext);
  if (actions === null) throw new Error("useTreeActions needs a TreeActionsProvider above it.");
  return actions;
}
