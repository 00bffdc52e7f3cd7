import type { Permission } from "./permissions";

// Every public entry point of the app — each server action and each route handler — with
// the permission it needs. A test fails when an action or route exists that is not listed
// here, and the authorization matrix test calls every listed action as every kind of caller.
// "public" entries need no sign-in by design; "session" entries need only a signed-in user.

export type EntryPointAccess = Permission | "public" | "session";

export type ActionEntryPoint = {
  kind: "action";
  /** The file that exports it, relative to the project root. */
  file: string;
  name: string;
  permission: EntryPointAccess;
  /** Whether a department head is limited to their branch for it. */
  isBranchScoped: boolean;
};

export type RouteEntryPoint = {
  kind: "route";
  file: string;
  methods: readonly string[];
  permission: EntryPointAccess;
};

export type EntryPoint = ActionEntryPoint | RouteEntryPoint;

const treeAction = (name: string, permission: Permission, isBranchScoped = false): ActionEntryPoint => ({
  kind: "action",
  file: "app/(app)/tree/actions.ts",
  name,
  permission,
  isBranchScoped,
});

const adminAction = (area: string, name: string, permission: Permission): ActionEntryPoint => ({
  kind: "action",
  file: `app/(app)/admin/${area}/actions.ts`,
  name,
  permission,
  isBranchScoped: false,
});

export const ENTRY_POINTS: readonly EntryPoint[] = [
  treeAction("createObjectiveAction", "tree:edit"),
  treeAction("updateObjectiveAction", "tree:edit"),
  treeAction("deleteObjectiveAction", "tree:edit"),
  treeAction("createKeyResultAction", "tree:edit"),
  treeAction("updateKeyResultAction", "tree:edit"),
  treeAction("deleteKeyResultAction", "tree:edit"),
  treeAction("createKpiAction", "tree:edit"),
  treeAction("updateKpiAction", "tree:edit"),
  treeAction("deleteKpiAction", "tree:edit"),
  treeAction("setKpiTargetAction", "tree:edit"),
  treeAction("removeKpiTargetAction", "tree:edit"),
  treeAction("previewFormulaAction", "tree:edit"),
  treeAction("createLinkAction", "tree:edit"),
  treeAction("updateLinkAction", "tree:edit"),
  treeAction("deleteLinkAction", "tree:edit"),
  // Tree authoring (issue 12): the plan, and moving objectives and key results.
  treeAction("createPlanAction", "tree:edit"),
  treeAction("updatePlanAction", "tree:edit"),
  treeAction("reorderObjectiveAction", "tree:edit"),
  treeAction("moveObjectiveAction", "tree:edit"),
  treeAction("reorderKeyResultAction", "tree:edit"),
  treeAction("moveKeyResultAction", "tree:edit"),
  treeAction("recordMeasurementAction", "measurement:write", true),
  treeAction("addCommentaryAction", "commentary:write", true),
  treeAction("updateCommentaryAction", "commentary:write", true),
  treeAction("deleteCommentaryAction", "commentary:write", true),
  treeAction("previewDeleteAction", "tree:edit"),
  treeAction("listRecycleBinAction", "tree:edit"),
  treeAction("restoreBinEntryAction", "tree:edit"),
  treeAction("removeMeasurementAction", "measurement:write", true),
  {
    kind: "action",
    file: "app/(app)/login/actions.ts",
    name: "signInWithPasswordAction",
    permission: "public",
    isBranchScoped: false,
  },
  {
    kind: "action",
    file: "app/(app)/login/actions.ts",
    name: "signInWithOidcAction",
    permission: "public",
    isBranchScoped: false,
  },
  {
    kind: "action",
    file: "app/(app)/login/actions.ts",
    name: "signOutAction",
    permission: "public",
    isBranchScoped: false,
  },
  {
    kind: "action",
    file: "app/(app)/account/actions.ts",
    name: "signOutEverywhereAction",
    permission: "session",
    isBranchScoped: false,
  },
  // Passwords (issue 13, item 6): setting one through a one-time link (the token is the credential), and changing
  // one's own — the only entry point open to a user who must change their password.
  {
    kind: "action",
    file: "app/(password)/set-password/actions.ts",
    name: "setPasswordAction",
    permission: "public",
    isBranchScoped: false,
  },
  {
    kind: "action",
    file: "app/(password)/account/password/actions.ts",
    name: "changePasswordAction",
    permission: "session",
    isBranchScoped: false,
  },
  // The admin area: agency administration, admins only.
  adminAction("users", "createUserAction", "admin:users"),
  adminAction("users", "updateUserAccessAction", "admin:users"),
  adminAction("users", "deactivateUserAction", "admin:users"),
  adminAction("users", "reactivateUserAction", "admin:users"),
  adminAction("users", "resetUserPasswordAction", "admin:users"),
  adminAction("departments", "createDepartmentAction", "admin:departments"),
  adminAction("departments", "renameDepartmentAction", "admin:departments"),
  adminAction("departments", "moveDepartmentAction", "admin:departments"),
  adminAction("departments", "retireDepartmentAction", "admin:departments"),
  adminAction("settings", "updateAgencySettingsAction", "admin:settings"),
  adminAction("tokens", "createApiTokenAction", "admin:tokens"),
  adminAction("tokens", "revokeApiTokenAction", "admin:tokens"),
  adminAction("tokens", "rotateApiTokenAction", "admin:tokens"),
  // Starter templates (issue 12): preview and create a tree from templates/*.json.
  {
    kind: "action",
    file: "app/(app)/setup/templates/actions.ts",
    name: "previewTemplateAction",
    permission: "tree:edit",
    isBranchScoped: false,
  },
  {
    kind: "action",
    file: "app/(app)/setup/templates/actions.ts",
    name: "createFromTemplateAction",
    permission: "tree:edit",
    isBranchScoped: false,
  },
  // Publishing controls and the public dashboard.
  {
    kind: "action",
    file: "app/(app)/publishing/actions.ts",
    name: "setPublishedAction",
    permission: "publish",
    isBranchScoped: false,
  },
  // The KPI library (/kpis): bulk edits of the chosen KPIs.
  {
    kind: "action",
    file: "app/(app)/kpis/actions.ts",
    name: "bulkAssignDepartmentAction",
    permission: "tree:edit",
    isBranchScoped: false,
  },
  {
    kind: "action",
    file: "app/(app)/kpis/actions.ts",
    name: "bulkSetPublishedAction",
    permission: "publish",
    isBranchScoped: false,
  },
  // The public pages themselves are Pages Router pages (pages/p/…): read-only, for anyone, with
  // their props also served as JSON at /_next/data/…; they hold no action and no route handler.
  { kind: "route", file: "app/p/[slug]/kpis/[code]/series.csv/route.ts", methods: ["GET"], permission: "public" },
  { kind: "route", file: "app/api/health/route.ts", methods: ["GET"], permission: "public" },
  { kind: "route", file: "app/api/auth/[...nextauth]/route.ts", methods: ["GET", "POST"], permission: "public" },
  // ── Data in and out (issue 7): the REST API /api/v1 (bearer token or browser session) and the Data page. ──
  { kind: "route", file: "app/api/v1/import/route.ts", methods: ["POST"], permission: "document:import" },
  { kind: "route", file: "app/api/v1/export/route.ts", methods: ["GET"], permission: "document:export" },
  { kind: "route", file: "app/api/v1/measurements/route.ts", methods: ["POST"], permission: "measurement:write" },
  { kind: "route", file: "app/api/v1/health/route.ts", methods: ["GET"], permission: "tree:read" },
  { kind: "route", file: "app/api/v1/kpis/[code]/route.ts", methods: ["GET"], permission: "tree:read" },
  { kind: "route", file: "app/api/v1/kpis/[code]/series.csv/route.ts", methods: ["GET"], permission: "tree:read" },
  { kind: "route", file: "app/api/v1/scorecard.csv/route.ts", methods: ["GET"], permission: "document:export" },
  { kind: "route", file: "app/api/v1/openapi.json/route.ts", methods: ["GET"], permission: "public" },
  { kind: "route", file: "app/api/v1/schemas/drivertree-v1.json/route.ts", methods: ["GET"], permission: "public" },
  // The Data page's import of a JSON document or a workbook (issue 12): preview, apply once, progress; the workbook.
  { kind: "route", file: "app/(app)/data/import/preview/route.ts", methods: ["POST"], permission: "document:import" },
  {
    kind: "route",
    file: "app/(app)/data/import/jobs/[id]/route.ts",
    methods: ["GET", "POST"],
    permission: "document:import",
  },
  { kind: "route", file: "app/(app)/data/workbook/route.ts", methods: ["GET"], permission: "document:export" },
  // Only redirects to the series download of the KPI chosen on the Data page; that download authorizes.
  { kind: "route", file: "app/(app)/data/series/route.ts", methods: ["GET"], permission: "public" },
];
