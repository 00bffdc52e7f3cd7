import "server-only";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import type { Principal } from "@/lib/auth/permissions";
import { checkDocument } from "@/lib/document/check-document";
import type { StoredTree } from "@/lib/document/stored-tree";
import {
  buildTemplateDocument,
  defaultTemplatePlan,
  findCodeClashes,
  type TemplateBuild,
  type TemplateProblem,
} from "@/lib/document/template-document";
import { findStarterTemplate, listStarterTemplateFiles, type StarterTemplate } from "@/lib/document/template-library";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { DocumentPlan } from "@/lib/validation/document";
import type { TemplateChoices } from "@/lib/validation/templates";
import { requirePermission } from "./access";
import { importDocument, type ImportReport } from "./document-import";
import { loadStoredTree } from "./document-store";

// Starter templates (templates/*.json): an officer previews one against the agency's tree, unticks parts, maps its
// departments to the agency's own, and creates it. Creating is an import — the same checks, the same one
// transaction, the same recomputation as POST /api/v1/import — of a document built inside that transaction from
// the tree as locked, so what was previewed is checked again against exactly what it is applied to.

export type TemplateCounts = { objectives: number; keyResults: number; kpis: number; links: number };

export type TemplateSummary = {
  id: string;
  title: string;
  summary: string;
  counts: TemplateCounts;
  departments: { code: string; name: string }[];
};

/** The template's tree as the preview draws it, in template codes. */
export type TemplateTreeView = {
  objectives: {
    code: string;
    title: string;
    department: string | null;
    keyResults: {
      code: string;
      title: string;
      kind: string;
      kpi: string | null;
      start: number | null;
      target: number | null;
    }[];
  }[];
  kpis: {
    code: string;
    name: string;
    unit: string;
    ipo: string;
    direction: string;
    frequency: string;
    department: string;
    target: number | null;
    description: string;
  }[];
  links: { from: string; to: string; polarity: string }[];
};

export type TemplatePreview = {
  counts: TemplateCounts;
  /** What goes along with the unticked parts. */
  leftOut: string[];
  /** Why it cannot be created as chosen (empty: it can), each with the field it concerns. */
  problems: TemplateProblem[];
  /** The plan the objective joins, or the one that will be created. */
  plan: DocumentPlan;
  isNewPlan: boolean;
};

export type TemplateStart = {
  template: TemplateSummary;
  tree: TemplateTreeView;
  agencyDepartments: { code: string; name: string }[];
  /** Everything ticked, departments mapped where the agency has an obvious match, no prefix. */
  choices: TemplateChoices;
  preview: TemplatePreview;
};

export type TemplateCreation = ImportReport & { template: string; objectives: string[] };

/**
 * Authoring the tree from the browser: a performance officer. A template creates KPIs, links, objectives and key
 * results at once, so it needs both permissions; API tokens import documents instead, and branch-limited callers
 * (department heads) hold neither.
 */
function requireTemplateAuthor(principal: Principal | null | undefined): Principal {
  const caller = requirePermission(principal, "tree:edit");
  requirePermission(caller, "document:import");
  if (caller.kind !== "user") {
    throw new ForbiddenError("Templates are used in the browser by a performance officer; tokens import documents.");
  }
  return caller;
}

function findTemplate(id: string): StarterTemplate {
  const template = findStarterTemplate(id);
  if (template === null) throw new NotFoundError("There is no such template.");
  return template;
}

function summarize(template: StarterTemplate): TemplateSummary {
  const { document } = template;
  return {
    id: template.id,
    title: template.title,
    summary: template.summary,
    counts: {
      objectives: document.objectives.length,
      keyResults: document.keyResults.length,
      kpis: document.kpis.length,
      links: document.links.length,
    },
    departments: template.departments.map(({ code, name }) => ({ code, name })),
  };
}

function toTreeView(template: StarterTemplate): TemplateTreeView {
  const { document } = template;
  return {
    objectives: document.objectives.map((objective) => ({
      code: objective.code,
      title: objective.title,
      department: objective.department,
      keyResults: document.keyResults
        .filter((keyResult) => keyResult.objective === objective.code)
        .map(({ code, title, kind, kpi, start, target }) => ({ code, title, kind, kpi, start, target })),
    })),
    kpis: document.kpis.map(({ code, name, unit, ipo, direction, frequency, department, target, description }) => ({
      code,
      name,
      unit,
      ipo,
      direction,
      frequency,
      department,
      target,
      description,
    })),
    links: document.links.map(({ from, to, polarity }) => ({ from, to, polarity })),
  };
}

async function readStoredTree(agencyId: string): Promise<StoredTree> {
  return getPrisma().$transaction(async (db) => (await loadStoredTree(db, agencyId)).tree);
}

function activeDepartments(stored: StoredTree): { code: string; name: string }[] {
  return [...stored.departments.values()]
    .filter((department) => !department.isRetired)
    .map(({ code, name }) => ({ code, name }));
}

/** The plan the template's objective joins: the agency's (the latest, if it has several), or a new one. */
function choosePlan(
  template: StarterTemplate,
  choices: TemplateChoices,
  stored: StoredTree,
): { plan: DocumentPlan; isNewPlan: boolean } {
  const existing = [...stored.plans.values()].at(-1);
  if (existing !== undefined) return { plan: existing, isNewPlan: false };
  const plan = choices.plan ?? defaultTemplatePlan(template.title, stored.agency.fiscalYearStartMonth, getTodayUtc());
  return { plan: { ...plan }, isNewPlan: true };
}

/** Builds the document for these choices against the stored tree, with every problem that would refuse it. */
function buildAgainst(
  template: StarterTemplate,
  choices: TemplateChoices,
  stored: StoredTree,
): { build: TemplateBuild; problems: TemplateProblem[]; plan: DocumentPlan; isNewPlan: boolean } {
  const problems: TemplateProblem[] = [];
  const { document } = template;
  const known = {
    objectives: new Set(document.objectives.map((objective) => objective.code)),
    keyResults: new Set(document.keyResults.map((keyResult) => keyResult.code)),
    kpis: new Set(document.kpis.map((kpi) => kpi.code)),
  };
  for (const kind of ["objectives", "keyResults", "kpis"] as const) {
    for (const code of choices[kind]) {
      if (!known[kind].has(code)) problems.push({ path: kind, message: `${code} is not part of this template.` });
    }
  }
  const templateDepartments = new Set(template.departments.map((department) => department.code));
  for (const [templateCode, agencyCode] of Object.entries(choices.departments)) {
    if (!templateDepartments.has(templateCode)) {
      problems.push({ path: "departments", message: `${templateCode} is not a department of this template.` });
      continue;
    }
    if (agencyCode === "") continue;
    // Only the agency's own, active departments: an officer may not create departments (admin:departments).
    const department = stored.departments.get(agencyCode);
    if (department === undefined || department.isRetired) {
      problems.push({
        path: `departments.${templateCode}`,
        message: `Your agency has no ${department === undefined ? "" : "active "}department ${agencyCode}.`,
      });
    }
  }

  const { plan, isNewPlan } = choosePlan(template, choices, stored);
  const build = buildTemplateDocument(
    template,
    {
      objectives: new Set(choices.objectives),
      keyResults: new Set(choices.keyResults),
      kpis: new Set(choices.kpis),
    },
    {
      agency: {
        name: stored.agency.name,
        fiscalYearStartMonth: stored.agency.fiscalYearStartMonth,
        thresholds: stored.agency.thresholds,
      },
      plan,
      departments: choices.departments,
      prefix: choices.prefix,
    },
  );
  problems.push(...build.problems);
  if (build.counts.kpis === 0 && build.counts.objectives === 0) {
    problems.push({ path: "kpis", message: "Tick at least one KPI or the objective: there is nothing to create." });
  }
  problems.push(...findCodeClashes(build.document, stored));
  // Anything else the import would refuse (a department problem already listed is not repeated in its words).
  if (problems.length === 0) {
    const check = checkDocument(build.document, stored);
    if (!check.ok) problems.push(...check.problems);
  }
  return { build, problems, plan, isNewPlan };
}

function toPreview(result: ReturnType<typeof buildAgainst>): TemplatePreview {
  return {
    counts: result.build.counts,
    leftOut: result.build.leftOut,
    problems: result.problems,
    plan: result.plan,
    isNewPlan: result.isNewPlan,
  };
}

export async function listStarterTemplates(principal: Principal | null | undefined): Promise<TemplateSummary[]> {
  requireTemplateAuthor(principal);
  return listStarterTemplateFiles().map(summarize);
}

/** A template's page: its tree, the agency's departments to map to, and the preview with everything ticked. */
export async function getStarterTemplate(principal: Principal | null | undefined, id: string): Promise<TemplateStart> {
  const caller = requireTemplateAuthor(principal);
  const template = findTemplate(id);
  const stored = await readStoredTree(caller.agencyId);
  const agencyDepartments = activeDepartments(stored);
  const guess = (code: string, name: string) => {
    const byCode = agencyDepartments.find((department) => department.code.toLowerCase() === code.toLowerCase());
    const byName = agencyDepartments.find((department) => department.name.toLowerCase() === name.toLowerCase());
    const only = agencyDepartments.length === 1 ? agencyDepartments[0] : undefined;
    return (byCode ?? byName ?? only)?.code ?? "";
  };
  const choices: TemplateChoices = {
    template: template.id,
    objectives: template.document.objectives.map((objective) => objective.code),
    keyResults: template.document.keyResults.map((keyResult) => keyResult.code),
    kpis: template.document.kpis.map((kpi) => kpi.code),
    departments: Object.fromEntries(
      template.departments.map((department) => [department.code, guess(department.code, department.name)]),
    ),
    prefix: "",
  };
  const result = buildAgainst(template, choices, stored);
  if (result.isNewPlan) choices.plan = { ...result.plan, name: result.plan.name || result.plan.code };
  return {
    template: summarize(template),
    tree: toTreeView(template),
    agencyDepartments,
    choices,
    preview: toPreview(result),
  };
}

/** What creating the template with these choices would do, and every problem that would refuse it. Writes nothing. */
export async function previewStarterTemplate(
  principal: Principal | null | undefined,
  choices: TemplateChoices,
): Promise<TemplatePreview> {
  const caller = requireTemplateAuthor(principal);
  const template = findTemplate(choices.template);
  return toPreview(buildAgainst(template, choices, await readStoredTree(caller.agencyId)));
}

/** Creates the chosen parts of the template in one transaction, through the document import; all or nothing. */
export async function createFromStarterTemplate(
  principal: Principal | null | undefined,
  choices: TemplateChoices,
): Promise<TemplateCreation> {
  const caller = requireTemplateAuthor(principal);
  const template = findTemplate(choices.template);
  let objectives: string[] = [];
  const report = await importDocument(caller, null, {
    build: (stored) => {
      const { build, problems } = buildAgainst(template, choices, stored);
      if (problems.length > 0) {
        const fieldErrors: Record<string, string[]> = {};
        for (const problem of problems) (fieldErrors[problem.path || "_form"] ??= []).push(problem.message);
        const count = problems.length;
        throw new ValidationError(
          `The template was not created: ${count} problem${count === 1 ? "" : "s"} to fix. Nothing was changed.`,
          fieldErrors,
        );
      }
      objectives = (build.document.objectives as { code: string }[]).map((objective) => objective.code);
      return build.document;
    },
    audit: { action: "template.create", entityCode: template.id },
  });
  return { ...report, template: template.id, objectives };
}
