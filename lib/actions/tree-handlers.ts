import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { addCommentary, deleteCommentary, updateCommentary } from "@/lib/dal/commentary";
import {
  createKeyResult,
  deleteKeyResult,
  moveKeyResult,
  reorderKeyResult,
  updateKeyResult,
} from "@/lib/dal/key-results";
import { previewFormula } from "@/lib/dal/kpi-authoring";
import { createKpi, deleteKpi, removeKpiTarget, setKpiTarget, updateKpi } from "@/lib/dal/kpis";
import { createLink, deleteLink, updateLink } from "@/lib/dal/links";
import { recordMeasurement } from "@/lib/dal/measurements";
import {
  createObjective,
  deleteObjective,
  moveObjective,
  reorderObjective,
  updateObjective,
} from "@/lib/dal/objectives";
import { createPlan, updatePlan } from "@/lib/dal/plans";
import {
  addCommentarySchema,
  createKeyResultSchema,
  createKpiSchema,
  createLinkSchema,
  createObjectiveSchema,
  deleteSchema,
  previewFormulaSchema,
  recordMeasurementSchema,
  removeKpiTargetSchema,
  setKpiTargetSchema,
  updateCommentarySchema,
  updateKeyResultSchema,
  updateKpiSchema,
  updateLinkSchema,
  updateObjectiveSchema,
  createPlanSchema,
  updatePlanSchema,
  reorderSchema,
  moveObjectiveSchema,
  moveKeyResultSchema,
} from "@/lib/validation/tree";
import { listRecycleBin, previewDelete, restoreBinEntry } from "@/lib/dal/recycle-bin";
import { removeMeasurement } from "@/lib/dal/measurement-removal";
import {
  listRecycleBinSchema,
  previewDeleteSchema,
  removeMeasurementSchema,
  restoreBinEntrySchema,
} from "@/lib/validation/recycle-bin";
import { performAction, nameActionHandlers } from "./action-result";

// The body of every tree server action, given the caller: parse with the shared schema,
// one DAL call, one typed result. app/**/actions.ts wraps each with the session's principal
// and revalidation; tests call these directly with any principal.

type Handler = (principal: Principal | null, rawInput: unknown) => ReturnType<typeof performAction>;

export const treeHandlers = nameActionHandlers("tree", {
  createObjective: (principal, rawInput) =>
    performAction(principal, "tree:edit", createObjectiveSchema, rawInput, createObjective),
  updateObjective: (principal, rawInput) =>
    performAction(principal, "tree:edit", updateObjectiveSchema, rawInput, updateObjective),
  deleteObjective: (principal, rawInput) =>
    performAction(principal, "tree:edit", deleteSchema, rawInput, deleteObjective),
  createKeyResult: (principal, rawInput) =>
    performAction(principal, "tree:edit", createKeyResultSchema, rawInput, createKeyResult),
  updateKeyResult: (principal, rawInput) =>
    performAction(principal, "tree:edit", updateKeyResultSchema, rawInput, updateKeyResult),
  deleteKeyResult: (principal, rawInput) =>
    performAction(principal, "tree:edit", deleteSchema, rawInput, deleteKeyResult),
  createKpi: (principal, rawInput) => performAction(principal, "tree:edit", createKpiSchema, rawInput, createKpi),
  updateKpi: (principal, rawInput) => performAction(principal, "tree:edit", updateKpiSchema, rawInput, updateKpi),
  deleteKpi: (principal, rawInput) => performAction(principal, "tree:edit", deleteSchema, rawInput, deleteKpi),
  setKpiTarget: (principal, rawInput) =>
    performAction(principal, "tree:edit", setKpiTargetSchema, rawInput, setKpiTarget),
  removeKpiTarget: (principal, rawInput) =>
    performAction(principal, "tree:edit", removeKpiTargetSchema, rawInput, removeKpiTarget),
  previewFormula: (principal, rawInput) =>
    performAction(principal, "tree:edit", previewFormulaSchema, rawInput, previewFormula),
  createLink: (principal, rawInput) => performAction(principal, "tree:edit", createLinkSchema, rawInput, createLink),
  updateLink: (principal, rawInput) => performAction(principal, "tree:edit", updateLinkSchema, rawInput, updateLink),
  deleteLink: (principal, rawInput) => performAction(principal, "tree:edit", deleteSchema, rawInput, deleteLink),
  recordMeasurement: (principal, rawInput) =>
    performAction(principal, "measurement:write", recordMeasurementSchema, rawInput, recordMeasurement),
  addCommentary: (principal, rawInput) =>
    performAction(principal, "commentary:write", addCommentarySchema, rawInput, addCommentary),
  updateCommentary: (principal, rawInput) =>
    performAction(principal, "commentary:write", updateCommentarySchema, rawInput, updateCommentary),
  deleteCommentary: (principal, rawInput) =>
    performAction(principal, "commentary:write", deleteSchema, rawInput, deleteCommentary),
  createPlan: (principal, rawInput) => performAction(principal, "tree:edit", createPlanSchema, rawInput, createPlan),
  updatePlan: (principal, rawInput) => performAction(principal, "tree:edit", updatePlanSchema, rawInput, updatePlan),
  reorderObjective: (principal, rawInput) =>
    performAction(principal, "tree:edit", reorderSchema, rawInput, reorderObjective),
  moveObjective: (principal, rawInput) =>
    performAction(principal, "tree:edit", moveObjectiveSchema, rawInput, moveObjective),
  reorderKeyResult: (principal, rawInput) =>
    performAction(principal, "tree:edit", reorderSchema, rawInput, reorderKeyResult),
  moveKeyResult: (principal, rawInput) =>
    performAction(principal, "tree:edit", moveKeyResultSchema, rawInput, moveKeyResult),
  // The recycle bin (lib/dal/recycle-bin.ts): what a delete takes with it, the bin, restoring; removing one value.
  previewDelete: (principal, rawInput) =>
    performAction(principal, "tree:edit", previewDeleteSchema, rawInput, previewDelete),
  listRecycleBin: (principal, rawInput) =>
    performAction(principal, "tree:edit", listRecycleBinSchema, rawInput, (caller) => listRecycleBin(caller)),
  restoreBinEntry: (principal, rawInput) =>
    performAction(principal, "tree:edit", restoreBinEntrySchema, rawInput, restoreBinEntry),
  removeMeasurement: (principal, rawInput) =>
    performAction(principal, "measurement:write", removeMeasurementSchema, rawInput, removeMeasurement),
} satisfies Record<string, Handler>);

export type TreeHandlerName = keyof typeof treeHandlers;
