import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { bulkAssignDepartment } from "@/lib/dal/kpi-library";
import { bulkSetKpisPublished } from "@/lib/dal/publishing";
import { bulkAssignDepartmentSchema, bulkSetPublishedSchema } from "@/lib/validation/kpi-library";
import { performAction, nameActionHandlers } from "./action-result";

// The bodies of the KPI library's bulk actions, given the caller (app/(app)/kpis/actions.ts adds the session).

export const kpiLibraryHandlers = nameActionHandlers("kpiLibrary", {
  bulkAssignDepartment: (principal: Principal | null, rawInput: unknown) =>
    performAction(principal, "tree:edit", bulkAssignDepartmentSchema, rawInput, bulkAssignDepartment),
  bulkSetPublished: (principal: Principal | null, rawInput: unknown) =>
    performAction(principal, "publish", bulkSetPublishedSchema, rawInput, bulkSetKpisPublished),
});

export type KpiLibraryHandlerName = keyof typeof kpiLibraryHandlers;
