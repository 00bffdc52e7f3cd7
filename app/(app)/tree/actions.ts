"use server";

import { revalidatePath } from "next/cache";
import { getCurrentPrincipal } from "@/lib/auth/session";
import type { ActionResult } from "@/lib/actions/action-result";
import { treeHandlers, type TreeHandlerName } from "@/lib/actions/tree-handlers";
import { fromForm } from "@/lib/validation/fields";

// Server actions are public POST endpoints: each one re-reads the caller from the session
// and the DAL authorizes again; nothing here trusts the page that rendered the form.

const NUMBER_FIELDS = [
  "baseline",
  "target",
  "tolerance",
  "lagDays",
  "min",
  "max",
  "weight",
  "version",
  "start",
  "progress",
  "value",
] as const;
// A checkbox left unticked is not sent: it reads as false. So "isPublic" (not "isInternal") names commentary's
// visibility, and a form that forgets it keeps the words internal.
const BOOLEAN_FIELDS = ["published", "isPublic", "confirmFrequencyChange"] as const;
const JSON_FIELDS = ["thresholds"] as const;

function toInput(input: FormData | Record<string, unknown>): unknown {
  if (!(input instanceof FormData)) return input;
  return fromForm(input, { numbers: NUMBER_FIELDS, booleans: BOOLEAN_FIELDS, json: JSON_FIELDS });
}

// Actions that only read: revalidating after them would refresh the page for nothing.
const READS: ReadonlySet<TreeHandlerName> = new Set(["previewDelete", "listRecycleBin"]);

async function run(name: TreeHandlerName, input: FormData | Record<string, unknown>): Promise<ActionResult<unknown>> {
  const principal = await getCurrentPrincipal();
  const result = await treeHandlers[name](principal, toInput(input));
  if (result.ok && !READS.has(name)) revalidatePath("/", "layout");
  return result;
}

type Input = FormData | Record<string, unknown>;

export async function createObjectiveAction(input: Input) {
  return run("createObjective", input);
}
export async function updateObjectiveAction(input: Input) {
  return run("updateObjective", input);
}
export async function deleteObjectiveAction(input: Input) {
  return run("deleteObjective", input);
}
export async function createKeyResultAction(input: Input) {
  return run("createKeyResult", input);
}
export async function updateKeyResultAction(input: Input) {
  return run("updateKeyResult", input);
}
export async function deleteKeyResultAction(input: Input) {
  return run("deleteKeyResult", input);
}
export async function createKpiAction(input: Input) {
  return run("createKpi", input);
}
export async function updateKpiAction(input: Input) {
  return run("updateKpi", input);
}
export async function deleteKpiAction(input: Input) {
  return run("deleteKpi", input);
}
export async function setKpiTargetAction(input: Input) {
  return run("setKpiTarget", input);
}
export async function removeKpiTargetAction(input: Input) {
  return run("removeKpiTarget", input);
}
/** A read: the last values a draft formula gives (nothing is saved, so nothing is revalidated). */
export async function previewFormulaAction(input: Input) {
  const principal = await getCurrentPrincipal();
  return treeHandlers.previewFormula(principal, toInput(input));
}
export async function createLinkAction(input: Input) {
  return run("createLink", input);
}
export async function updateLinkAction(input: Input) {
  return run("updateLink", input);
}
export async function deleteLinkAction(input: Input) {
  return run("deleteLink", input);
}
export async function recordMeasurementAction(input: Input) {
  return run("recordMeasurement", input);
}
export async function addCommentaryAction(input: Input) {
  return run("addCommentary", input);
}
export async function updateCommentaryAction(input: Input) {
  return run("updateCommentary", input);
}
export async function deleteCommentaryAction(input: Input) {
  return run("deleteCommentary", input);
}
export async function createPlanAction(input: Input) {
  return run("createPlan", input);
}
export async function updatePlanAction(input: Input) {
  return run("updatePlan", input);
}
export async function reorderObjectiveAction(input: Input) {
  return run("reorderObjective", input);
}
export async function moveObjectiveAction(input: Input) {
  return run("moveObjective", input);
}
export async function reorderKeyResultAction(input: Input) {
  return run("reorderKeyResult", input);
}
export async function moveKeyResultAction(input: Input) {
  return run("moveKeyResult", input);
}
export async function previewDeleteAction(input: Input) {
  return run("previewDelete", input);
}
export async function listRecycleBinAction(input: Input) {
  return run("listRecycleBin", input);
}
export async function restoreBinEntryAction(input: Input) {
  return run("restoreBinEntry", input);
}
export async function removeMeasurementAction(input: Input) {
  return run("removeMeasurement", input);
}
