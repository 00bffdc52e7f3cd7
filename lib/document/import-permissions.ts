// Which changes of an import need a permission beyond importing (issue 13, item 3). Importing (document:import: a
// performance officer, a tree:write token) writes the tree; but a document also names the departments, which only
// admin:departments may change: renaming one, or moving it under another parent — which silently widens or narrows
// a department head's branch, what they may see and edit. An import may not do through the back door what its
// caller may not do through the front one.
//
// A document that makes such a change without the permission is refused whole, with a problem per attempted change
// (its path, what it changes, the permission it needs): all or nothing, like every other problem of a document, so
// that what is stored never depends on which lines a caller happened to be allowed. Values equal to the stored ones
// are no change: a document exported and imported again changes nothing restricted, whoever imports it. Pure.
//
// Not (yet) guarded here: creating departments, publishing and the agency's settings. No role or token scope holds
// document:import together with admin:departments, publish (tokens) or admin:settings, so guarding those would refuse
// every import into an empty agency — the spec's export → import round trip — to everyone: that needs a decision on
// who may import what first (issue 13, item 3).

import type { Permission } from "@/lib/auth/permissions";
import type { CheckedDocument, DocumentProblem } from "./check-document";
import type { ImportPlan } from "./import-plan";

const NEEDS = { departments: "admin:departments" } as const satisfies Record<string, Permission>;

/** One problem per change the caller's permissions do not allow; none when they allow them all. */
export function findForbiddenChanges(
  plan: ImportPlan,
  document: CheckedDocument,
  granted: ReadonlySet<Permission>,
): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const needs = (permission: Permission, path: string, change: string) => {
    if (!granted.has(permission)) {
      problems.push({ path, message: `${change}: that needs the ${permission} permission, which you do not have.` });
    }
  };

  plan.departments.forEach((item, index) => {
    const path = document.departments[index]?.path ?? `departments[${index}]`;
    const { code, name, parent } = item.value;
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

  return problems;
}
