// The demo data must be valid by the engine's own rules and tell the story the issue asks
// for: red, stale and divergent KPIs as of the day it was written for.
import { describe, expect, test } from "vitest";
import {
  recomputeAll,
  validateFormula,
  validateKeyResult,
  validateKpiDefinition,
  validateLink,
  validateMeasurement,
  validatePeriodKey,
  type KpiHealthNode,
} from "@/lib/domain";
import { toHealthModel } from "@/tests/support/document-model";
import { RIVERTON_AS_OF, rivertonCommentary, rivertonDocument, rivertonUsers } from "@/prisma/seed-data/riverton";

const model = toHealthModel(rivertonDocument);
const results = recomputeAll(model, RIVERTON_AS_OF);
const kpiNodes = [...results.values()]
  .map((result) => result.node)
  .filter((node): node is KpiHealthNode => node.kind === "kpi");

describe("the City of Riverton demo seed", () => {
  test("is the agency, plan and users the README promises", () => {
    expect(rivertonDocument.agency).toMatchObject({
      name: "City of Riverton",
      slug: "riverton",
      fiscalYearStartMonth: 7,
    });
    expect(rivertonUsers.map((user) => [user.email, user.role])).toEqual(
      expect.arrayContaining([
        ["admin@riverton.example", "ADMIN"],
        ["officer@riverton.example", "PERFORMANCE_OFFICER"],
        ["executive@riverton.example", "EXECUTIVE"],
        ["head@riverton.example", "DEPARTMENT_HEAD"],
      ]),
    );
    expect(rivertonUsers.find((user) => user.role === "DEPARTMENT_HEAD")?.department).toBe("PW");
  });

  test("has the size the issue asks for", () => {
    expect(model.kpis.length).toBeGreaterThanOrEqual(60);
    expect(new Set(model.kpis.map((kpi) => kpi.ipo))).toEqual(new Set(["input", "process", "outcome"]));
    expect(model.kpis.filter((kpi) => kpi.formula).length).toBeGreaterThanOrEqual(4);
    expect(model.keyResults.length).toBeGreaterThanOrEqual(12);
    expect(new Set(model.keyResults.map((keyResult) => keyResult.kind))).toEqual(
      new Set(["metric", "milestone", "qualitative"]),
    );
    expect(model.objectives.filter((objective) => objective.parent === null).length).toBeGreaterThanOrEqual(3);
    expect(model.objectives.some((objective) => objective.parent !== null)).toBe(true);
    const months = new Set(
      Object.values(model.measurements)
        .flatMap((series) => Object.keys(series))
        .filter((key) => /^\d{4}-\d{2}$/.test(key)),
    );
    expect(months.size).toBeGreaterThanOrEqual(24);
  });

  test("passes every rule the write path enforces", () => {
    const problems: string[] = [];
    for (const kpi of model.kpis) {
      const definition = validateKpiDefinition(kpi);
      if (!definition.ok) problems.push(`${kpi.code}: ${definition.message}`);
      if (kpi.formula) {
        const formula = validateFormula(model, kpi.code, kpi.formula);
        if (!formula.ok) problems.push(`${kpi.code}: ${formula.message}`);
      }
    }
    for (const link of model.links) {
      const others = { ...model, links: model.links.filter((other) => other !== link) };
      const check = validateLink(others, link);
      if (!check.ok) problems.push(`${link.from} -> ${link.to}: ${check.message}`);
    }
    for (const keyResult of model.keyResults) {
      const check = validateKeyResult(model, keyResult);
      if (!check.ok) problems.push(`${keyResult.code}: ${check.message}`);
    }
    for (const measurement of rivertonDocument.measurements ?? []) {
      const check = validateMeasurement(model, measurement);
      if (!check.ok) problems.push(`${measurement.kpi}@${measurement.period}: ${check.message}`);
    }
    // A KPI's commentary is for one of the KPI's own periods (lib/dal/commentary.ts).
    for (const commentary of rivertonCommentary) {
      const kpi = commentary.kind === "kpi" ? model.kpis.find((candidate) => candidate.code === commentary.code) : null;
      if (!kpi || commentary.period === null) continue;
      const check = validatePeriodKey(commentary.period, kpi.frequency);
      if (!check.ok) problems.push(`commentary on ${kpi.code}: ${check.message}`);
    }
    expect(problems).toEqual([]);
  });

  test("tells a story: some KPIs red, some stale, some divergent, with commentary on the red ones", () => {
    const red = kpiNodes.filter((node) => node.status === "OFF_TRACK");
    expect(red.length).toBeGreaterThanOrEqual(3);
    expect(kpiNodes.filter((node) => node.stale).length).toBeGreaterThanOrEqual(3);
    expect(kpiNodes.filter((node) => node.divergent).length).toBeGreaterThanOrEqual(3);
    expect(kpiNodes.filter((node) => node.status === "ON_TRACK").length).toBeGreaterThan(kpiNodes.length / 2);
    const commented = new Set(rivertonCommentary.filter((entry) => entry.kind === "kpi").map((entry) => entry.code));
    expect(red.map((node) => node.code).filter((code) => !commented.has(code))).toEqual([]);
    expect(rivertonCommentary.some((entry) => entry.internal)).toBe(true);
  });
});
