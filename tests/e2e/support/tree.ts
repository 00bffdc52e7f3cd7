import { expect, type Locator, type Page } from "@playwright/test";

/** The first drawn instance of a node in the tree (a shared KPI is drawn under each parent). */
export function treeItem(page: Page, code: string): Locator {
  return page.locator(`[role="treeitem"][data-code="${code}"]`).first();
}

/** The status a tree item announces: its accessible name says it in words. */
export async function readTreeItemLabel(page: Page, code: string): Promise<string> {
  const item = treeItem(page, code);
  await expect(item).toBeVisible();
  return (await item.getAttribute("aria-label")) ?? "";
}

/** "Off track, health 33%, progress 27%" → { status: "Off track", health: "33%" }. */
export function parseTreeLabel(label: string): { status: string; health: string | null } {
  const status = /: (On track|At risk|Off track|No data|No target),/.exec(label)?.[1] ?? "";
  const health = /health (\d+%|—)/.exec(label)?.[1] ?? null;
  return { status, health };
}

export const STATUS_PATTERN = /On track|At risk|Off track|No data|No target/;
