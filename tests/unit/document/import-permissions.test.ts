// Which department changes of an import need admin:departments (issue 13, item 3): renaming and re-parenting do,
// for a caller without it; a caller with it may; values equal to the stored ones are no change.
import { describe, expect, test } from "vitest";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { checkDocument } from "@/lib/document/check-document";
import { findForbiddenChanges } from "@/lib/document/import-permissions";
import { planImport } from "@/lib/document/import-plan";
import { EMPTY_STORED_TREE, type StoredTree } from "@/lib/document/stored-tree";
import type { DriverTreeDocument } from "@/lib/document/types";
import { exampleDocument } from "./support/documents";

const stored: StoredTree = {
  ...EMPTY_STORED_TREE,
  departments: new Map(
    exampleDocument().departments.map((department) => [
      department.code,
      { code: department.code, name: department.name, parent: department.parent ?? null, isRetired: false },
    ]),
  ),
};

function forbidden(mutate: (document: DriverTreeDocument) => void, granted: readonly Permission[]) {
  const document = exampleDocument();
  mutate(document);
  const check = checkDocument(document, stored);
  if (!check.ok) throw new Error(JSON.stringify(check.problems));
  return findForbiddenChanges(planImport(check.document, stored), check.document, new Set(granted));
}

const officer: Permission[] = ["tree:read", "tree:edit", "publish", "document:import"];
const everything: Permission[] = [...PERMISSIONS];

describe("department changes in an import", () => {
  test.each([
    ["a rename", (document: DriverTreeDocument) => void (document.departments[1]!.name = "Renamed"), "name"],
    ["a move to the top", (document: DriverTreeDocument) => void (document.departments[1]!.parent = null), "parent"],
  ])("%s needs admin:departments", (_, mutate, field) => {
    const problems = forbidden(mutate, officer);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(`departments[1].${field}`);
    expect(problems[0]?.message).toContain("needs the admin:departments permission");
    expect(forbidden(mutate, everything)).toEqual([]);
  });

  test("the same departments as stored are no change, whoever imports", () => {
    expect(forbidden(() => undefined, [])).toEqual([]);
  });
});
