// Which changes of an import need a permission beyond importing (issue 13, item 3), checked against what is stored:
// creating, renaming or re-parenting a department needs admin:departments, changing an agency setting admin:settings,
// changing a published flag or creating an item published needs publish; values equal to the stored ones are no
// change; the first import into an empty agency may set everything.
import { describe, expect, test } from "vitest";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { checkDocument, type CheckedDocument } from "@/lib/document/check-document";
import { findForbiddenChanges, isEmptyAgency } from "@/lib/document/import-permissions";
import { planImport } from "@/lib/document/import-plan";
import { EMPTY_STORED_TREE, type StoredTree } from "@/lib/document/stored-tree";
import type { DriverTreeDocument } from "@/lib/document/types";
import { exampleDocument, kpi } from "./support/documents";

function checked(document: DriverTreeDocument, stored: StoredTree = EMPTY_STORED_TREE): CheckedDocument {
  const check = checkDocument(document, stored);
  if (!check.ok) throw new Error(JSON.stringify(check.problems));
  return check.document;
}

const withoutPath = <T extends { path: string }>({ path: _path, ...rest }: T) => rest;

/** The agency as if the example document had been imported into it. */
function storedExample(): StoredTree {
  const document = checked(exampleDocument());
  return {
    ...EMPTY_STORED_TREE,
    agency: {
      name: document.agency.name,
      slug: "riverton",
      fiscalYearStartMonth: document.agency.fiscalYearStartMonth,
      thresholds: { onTrack: 0.9, atRisk: 0.7 },
    },
    departments: new Map(
      document.departments.map(({ code, name, parent }) => [code, { code, name, parent, isRetired: false }]),
    ),
    plans: new Map([[document.plan.code, document.plan]]),
    kpis: new Map(document.kpis.map((item) => [item.code, withoutPath(item)])),
    objectives: new Map(
      document.objectives.map((item, position) => [
        item.code,
        { ...withoutPath(item), plan: document.plan.code, position },
      ]),
    ),
    keyResults: new Map(document.keyResults.map((item, position) => [item.code, { ...withoutPath(item), position }])),
  };
}

function forbidden(
  mutate: (document: DriverTreeDocument) => void,
  granted: readonly Permission[],
  stored: StoredTree = storedExample(),
) {
  const document = exampleDocument();
  mutate(document);
  const check = checked(document, stored);
  return findForbiddenChanges(planImport(check, stored), check, stored, new Set(granted));
}

const officer: Permission[] = ["tree:read", "tree:edit", "publish", "document:import"];
const token: Permission[] = ["tree:edit", "document:import"];
const everything: Permission[] = [...PERMISSIONS];
const nothing: Permission[] = [];

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

  test("creating a department needs admin:departments", () => {
    const mutate = (document: DriverTreeDocument) =>
      void document.departments.push({ code: "NEW", name: "New", parent: "CM" });
    expect(forbidden(mutate, officer)).toEqual([
      {
        path: "departments[2]",
        message: "This creates department NEW: that needs the admin:departments permission, which you do not have.",
      },
    ]);
    expect(forbidden(mutate, [...officer, "admin:departments"])).toEqual([]);
  });

  test("the same departments as stored are no change, whoever imports", () => {
    expect(forbidden(() => undefined, nothing)).toEqual([]);
  });
});

describe("agency settings in an import", () => {
  test("each changed setting is a problem of its own that needs admin:settings", () => {
    const mutate = (document: DriverTreeDocument) => {
      document.agency = { name: "Riverton Town", fiscalYearStartMonth: 1, thresholds: { onTrack: 0.95, atRisk: 0.7 } };
    };
    const problems = forbidden(mutate, officer);
    expect(problems.map((problem) => problem.path)).toEqual([
      "agency.name",
      "agency.fiscalYearStartMonth",
      "agency.thresholds.onTrack",
    ]);
    for (const problem of problems) expect(problem.message).toContain("needs the admin:settings permission");
    expect(problems[0]?.message).toContain('from "City of Riverton" to "Riverton Town"');
    expect(forbidden(mutate, [...officer, "admin:settings"])).toEqual([]);
  });

  test("thresholds left out equal the stored defaults: no change", () => {
    expect(forbidden((document) => void delete document.agency.thresholds, token)).toEqual([]);
  });
});

describe("published flags in an import", () => {
  test("publishing, unpublishing and creating an item published need publish; each is a problem", () => {
    const mutate = (document: DriverTreeDocument) => {
      document.kpis[0]!.published = false;
      document.objectives[0]!.published = true;
      document.objectives[0]!.keyResults![1]!.published = true;
      document.kpis.push(kpi("permits.new_published", { published: true }));
      document.kpis.push(kpi("permits.new_unpublished", { published: false }));
    };
    const problems = forbidden(mutate, token);
    expect(problems).toEqual([
      {
        path: "kpis[0].published",
        message: "This unpublishes KPI permits.median_days: that needs the publish permission, which you do not have.",
      },
      {
        path: "kpis[5].published",
        message:
          "This creates KPI permits.new_published published: that needs the publish permission, which you do not have.",
      },
      {
        path: "objectives[0].published",
        message: "This publishes objective O1: that needs the publish permission, which you do not have.",
      },
      {
        path: "objectives[0].keyResults[1].published",
        message: "This publishes key result O1.KR2: that needs the publish permission, which you do not have.",
      },
    ]);
    expect(forbidden(mutate, officer)).toEqual([]);
  });

  test("flags equal to the stored ones are no change for a token", () => {
    expect(forbidden((document) => void (document.kpis[1]!.name = "Renamed"), token)).toEqual([]);
  });
});

describe("the first import into an empty agency", () => {
  test("may set departments, settings and published flags without any of their permissions", () => {
    expect(isEmptyAgency(EMPTY_STORED_TREE)).toBe(true);
    const mutate = (document: DriverTreeDocument) => void (document.objectives[0]!.published = true);
    expect(forbidden(mutate, token, EMPTY_STORED_TREE)).toEqual([]);
  });

  test("an agency with a retired department, a KPI or an objective is not empty", () => {
    const example = storedExample();
    const retired = new Map([["OLD", { code: "OLD", name: "Old", parent: null, isRetired: true }]]);
    expect(isEmptyAgency({ ...EMPTY_STORED_TREE, departments: retired })).toBe(false);
    expect(isEmptyAgency({ ...EMPTY_STORED_TREE, kpis: example.kpis })).toBe(false);
    expect(isEmptyAgency({ ...EMPTY_STORED_TREE, objectives: example.objectives })).toBe(false);
    // Only a retired department stored: creating the document's departments is refused.
    const problems = forbidden(() => undefined, token, { ...EMPTY_STORED_TREE, departments: retired });
    expect(problems.map((problem) => problem.path)).toContain("departments[0]");
  });
});
