// Which changes of an import need a permission beyond importing (issue 13, item 3). Importing (document:import: a
// performance officer, a tree:write token) writes the tree; but a document also holds what other permissions guard:
// the departments — creating one, renaming it or moving it under another parent, which widens or narrows a department
// head's branch, what they may see and edit (admin:departments) —, the agency's settings (admin:settings) and whether
// an item is public (publish). An import may not do through the back door what its caller may not do through the
// front one.
//
// An import is checked against what is STORED. A document that changes any of these without the permission is
// refused whole, with a problem per attempted change (its JSON path, what it changes, the permission it needs): all or
// nothing, like every other problem of a document, so that what is stored never depends on which lines a caller
// happened to be allowed. Values equal to the stored ones are no change: a document exported and imported again
// changes nothing restricted, whoever imports it.
//
// The one exception is the first import into an empty agency — no departments (retired ones count), no KPIs, no
// objectives: it may set everything its document holds, departments, settings and published flags. Nothing stored
// can then be widened or exposed (there is no branch to widen, no unpublished item to make public), and this is how
// an agency is born from a document: the spec's export → import round trip into an empty agency, with tree:write.
// Pure.

import type { Permission } from "@/lib/auth/permissions";
import type { CheckedDocument, DocumentProblem } from "./check-document";
import type { ImportPlan } from "./import-plan";
import type { StoredTree } from "./stored-tree";

const NEEDS = {
  publish: "publish",
  settings: "admin:settings",
  departments: "admin:departments",
} as const satisfies Record<string, Permission>;

/** No departments, no KPIs, no objectives: nothing an import could widen or expose. */
export function isEmptyAgency(stored: StoredTree): boolean {
  return stored.departments.size === 0 && stored.kpis.size === 0 && stored.objectives.size === 0;
}

/** One problem per change the caller's permissions do not allow; none when they allow them all. */
export function findForbiddenChanges(
  plan: ImportPlan,
  document: CheckedDocument,
  stored: StoredTree,
  granted: ReadonlySet<Permission>,
): DocumentProblem[] {
  if (isEmptyAgency(stored)) return [];
  const problems: DocumentProblem[] = [];
  const needs = (permission: Permission, path: string, change: string) => {
    if (!granted.has(permission)) {
      problems.push({ path, message: `${change}: that needs the ${permission} permission, which you do not have.` });
    }
  };

  const before = stored.agency;
  const after = plan.agency.value;
  if (before.name !== after.name) {
    needs(NEEDS.settings, "agency.name", `This renames the agency from "${before.name}" to "${after.name}"`);
  }
  if (before.fiscalYearStartMonth !== after.fiscalYearStartMonth) {
    needs(
      NEEDS.settings,
      "agency.fiscalYearStartMonth",
      `This changes the first month of the agency's fiscal year from ${before.fiscalYearStartMonth} to ` +
        `${after.fiscalYearStartMonth}`,
    );
  }
  for (const level of ["onTrack", "atRisk"] as const) {
    if (before.thresholds[level] !== after.thresholds[level]) {
      needs(
        NEEDS.settings,
        `agency.thresholds.${level}`,
        `This changes the agency's ${level} threshold from ${before.thresholds[level]} to ${after.thresholds[level]}`,
      );
    }
  }

  plan.departments.forEach((item, index) => {
    const path = document.departments[index]?.path ?? `departments[${index}]`;
    const { code, name, parent } = item.value;
    if (item.status === "created") {
      needs(NEEDS.departments, path, `This creates department ${code}`);
      return;
    }
    if (item.status !== "updated" || item.before === undefined) return;
    if (item.before.name !== name) {
      needs(
        NEEDS.departments,
        `${path}.name`,
        `This renames department ${code} from "${item.before.name}" to "${name}"`,
      );
    }
    if (item.before.parent !== parent) {
      needs(
        NEEDS.departments,
        `${path}.parent`,
        `This moves department ${code} from under ${item.before.parent ?? "no department"} to under ` +
          `${parent ?? "no department"}`,
      );
    }
  });

  const checkPublished = (
    items: readonly { value: { code: string; path: string; published: boolean } }[],
    storedItems: ReadonlyMap<string, { published: boolean }>,
    kind: string,
  ) => {
    for (const { value } of items) {
      const storedItem = storedItems.get(value.code);
      if (storedItem === undefined) {
        if (value.published)
          needs(NEEDS.publish, `${value.path}.published`, `This creates ${kind} ${value.code} published`);
      } else if (storedItem.published !== value.published) {
        const verb = value.published ? "publishes" : "unpublishes";
        needs(NEEDS.publish, `${value.path}.published`, `This ${verb} ${kind} ${value.code}`);
      }
    }
  };
  checkPublished(plan.kpis, stored.kpis, "KPI");
  checkPublished(plan.objectives, stored.objectives, "objective");
  checkPublished(plan.keyResults, stored.keyResults, "key result");
  return problems;
}
