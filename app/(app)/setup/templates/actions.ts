"use server";

import { revalidatePath } from "next/cache";
import { getCurrentPrincipal } from "@/lib/auth/session";
import type { ActionResult } from "@/lib/actions/action-result";
import { templateHandlers } from "@/lib/actions/template-handlers";
import type { TemplatePreview, TemplateCreation } from "@/lib/dal/templates";

// Server actions are public POST endpoints: each one re-reads the caller from the session and the DAL authorizes
// again. The template page sends the officer's choices as a plain object (lists of ticked codes, a mapping).

export async function previewTemplateAction(input: unknown): Promise<ActionResult<TemplatePreview>> {
  const principal = await getCurrentPrincipal();
  return (await templateHandlers.previewTemplate(principal, input)) as ActionResult<TemplatePreview>;
}

export async function createFromTemplateAction(input: unknown): Promise<ActionResult<TemplateCreation>> {
  const principal = await getCurrentPrincipal();
  const result = (await templateHandlers.createFromTemplate(principal, input)) as ActionResult<TemplateCreation>;
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
