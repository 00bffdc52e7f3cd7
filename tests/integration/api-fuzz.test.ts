// Fuzzing the API with fast-check against a real PostgreSQL: whatever document or CSV rows arrive, the answer is
// never a 500, a refused request writes nothing at all, and an accepted one leaves stored health equal to a full
// recompute.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { POST as importRoute } from "@/app/api/v1/import/route";
import { POST as measurementsRoute } from "@/app/api/v1/measurements/route";
import { checkMeasurementCsv, CsvCatalog } from "@/lib/document/measurement-csv";
import { callApi, createToken } from "./support/api";
import { expectStoredHealthToEqualFullRecompute } from "./support/expectations";
import { createFixtureAgency, snapshotAgency } from "./support/fixtures";
import { exampleDocument } from "../unit/document/support/documents";
import { mutatedDocument } from "../unit/document/support/mutations";

// The example document in the fixture agency's plan, so that many mutations are still importable: with the fixture's
// agency name, department names and unpublished KPIs, which a tree:write token may not change (issue 13, item 3).
const fixtureDocument = () => {
  const document = exampleDocument();
  return {
    ...document,
    agency: { ...document.agency, name: "Fuzzed imports" },
    departments: document.departments.map((department) => ({ ...department, name: `Department ${department.code}` })),
    plan: { code: "PLAN", start: "2026-01-01", end: "2027-12-31" },
    kpis: document.kpis.map((kpi) => ({ ...kpi, published: false })),
  };
};

describe("fuzzing POST /api/v1/import", () => {
  test("a mutated document is imported whole or refused with problems, never half-written, never a 500", async () => {
    const fixture = await createFixtureAgency("Fuzzed imports");
    const token = await createToken(fixture.agencyId, ["tree:write"]);
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(mutatedDocument(fixtureDocument), async (document) => {
        const before = await snapshotAgency(fixture.agencyId);
        const response = await callApi(importRoute, "/api/v1/import", { token, body: document });
        statuses.add(response.status);
        expect([200, 400]).toContain(response.status);
        if (response.status === 400) {
          expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
        } else {
          await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
        }
      }),
      // The document as it is (imported) and one with a cycle (refused) run first: both outcomes are exercised.
      {
        numRuns: 30,
        examples: [
          [fixtureDocument()],
          [{ ...fixtureDocument(), links: [{ from: "permits.median_days", to: "permits.median_days" }] }],
        ],
      },
    );
    expect([...statuses].sort()).toEqual([200, 400]);
  }, 120_000);
});

describe("fuzzing the CSV upload's rows through POST /api/v1/measurements", () => {
  const cell = fc.oneof(
    fc.constantFrom("permits.issued", "permits.reviewers", "permits.cost_per_permit", "streets.potholes", "nope"),
    fc.constantFrom("2026-07", "2026-08", "2026-Q1", "2026", "2026-13", ""),
    fc.constantFrom("12", "-3.5", "1,200", "1e400", "n/a", ""),
    fc.string({ maxLength: 8 }),
  );
  const csv = fc
    .array(fc.array(cell, { minLength: 3, maxLength: 4 }), { minLength: 1, maxLength: 25 })
    .map((rows) =>
      [
        "kpi,period,value,note",
        ...rows.map((row) => row.map((text) => `"${text.replace(/"/g, '""')}"`).join(",")),
      ].join("\n"),
    );

  test("rows the upload page accepts are stored; the API never answers 500, nor with a row lost", async () => {
    const fixture = await createFixtureAgency("Fuzzed CSV");
    const token = await createToken(fixture.agencyId, ["measurements:write"]);
    const catalog = new CsvCatalog([
      { code: "permits.issued", frequency: "monthly", formula: null, min: null, max: null },
      { code: "permits.reviewers", frequency: "monthly", formula: null, min: null, max: null },
      { code: "streets.potholes", frequency: "monthly", formula: null, min: null, max: null },
    ]);
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        const checked = checkMeasurementCsv(text, catalog);
        expect(checked.ok).toBe(true);
        if (!checked.ok) return;
        // What the page sends (the valid rows), and the raw cells as well: the API checks every row again.
        const valid = checked.rows.flatMap((row) => (row.check.ok ? [row.check.measurement] : []));
        const raw = checked.rows.map(({ fields }) => ({
          kpi: fields[0],
          period: fields[1],
          value: fields[2],
          note: fields[3],
        }));
        for (const measurements of [valid, raw]) {
          const response = await callApi<{ accepted: number; rejected: { index: number }[] }>(
            measurementsRoute,
            "/api/v1/measurements",
            { token, body: { measurements } },
          );
          expect(response.status, response.text).toBe(200);
          const rejected = new Set(response.body.rejected.map((row) => row.index));
          expect(response.body.accepted + rejected.size).toBe(measurements.length);
          if (measurements === valid) expect(rejected.size).toBe(0);
        }
        await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
