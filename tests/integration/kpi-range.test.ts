// A KPI's valid range (spec/drivertree-format.md, `min` and `max`) against a real PostgreSQL: every input path — the
// KPI page's form and the department head's quick entry, the CSV upload, POST /api/v1/measurements and import —
// refuses a value outside it with the range in the message and writes nothing; the KPI form stores the range and
// refuses one that values already stored fall outside. A key result's start and target are values of its KPI: the
// key result form and import refuse them outside the range too.
import { beforeEach, describe, expect, test } from "vitest";
import { POST as importRoute } from "@/app/api/v1/import/route";
import { GET as kpiRoute } from "@/app/api/v1/kpis/[code]/route";
import { POST as measurementsRoute } from "@/app/api/v1/measurements/route";
import { treeHandlers } from "@/lib/actions/tree-handlers";
import { getPrisma } from "@/lib/db";
import { listWritableKpis } from "@/lib/dal/api-read";
import { getDepartmentView } from "@/lib/dal/department-read";
import { previewImport } from "@/lib/dal/import-jobs";
import { getKpiPage } from "@/lib/dal/kpi-read";
import { updateKpi } from "@/lib/dal/kpis";
import { recordMeasurement } from "@/lib/dal/measurements";
import { checkMeasurementCsv, CsvCatalog } from "@/lib/document/measurement-csv";
import { ValidationError } from "@/lib/errors";
import type { UpdateKpiInput } from "@/lib/validation/tree";
import { callApi, createToken, expectApiError } from "./support/api";
import { expectNothingChanged, rejectionOf } from "./support/expectations";
import { createFixtureAgency, type Fixture } from "./support/fixtures";

let fixture: Fixture;

/** permits.issued's editable fields as stored, with these changes (for updateKpi and the updateKpi action). */
async function issuedFields(changes: Partial<UpdateKpiInput> = {}): Promise<UpdateKpiInput> {
  const kpi = await getPrisma().kpi.findUniqueOrThrow({
    where: { agencyId_code: { agencyId: fixture.agencyId, code: "permits.issued" } },
    include: { department: true },
  });
  return {
    id: kpi.id,
    version: kpi.version,
    name: kpi.name,
    description: kpi.description,
    unit: kpi.unit,
    ipo: kpi.ipo,
    indicator: kpi.indicator,
    direction: kpi.direction,
    frequency: kpi.frequency,
    aggregation: kpi.aggregation,
    department: kpi.department.code,
    baseline: kpi.baseline,
    target: kpi.target,
    tolerance: kpi.tolerance,
    thresholds: null,
    formula: kpi.formula,
    lagDays: kpi.lagDays,
    min: kpi.minValue,
    max: kpi.maxValue,
    published: kpi.published,
    ...changes,
  };
}

const OUTSIDE = "12345 is outside the valid range of permits.issued (0 to 200).";

beforeEach(async () => {
  // The fixture's permits.issued has 90 (2026-05) and 120 (2026-06), a target of 100, and no range yet.
  fixture = await createFixtureAgency("Ranges");
  await updateKpi(fixture.principal("PERFORMANCE_OFFICER"), await issuedFields({ min: 0, max: 200 }));
});

describe("the KPI form", () => {
  test("stores the range and returns it, in the KPI's DTO and over the API", async () => {
    const row = await getPrisma().kpi.findUniqueOrThrow({ where: { id: fixture.kpis["permits.issued"]! } });
    expect(row).toMatchObject({ minValue: 0, maxValue: 200, version: 2 });
    const result = await updateKpi(fixture.principal("PERFORMANCE_OFFICER"), await issuedFields({ max: 150 }));
    expect(result.kpi).toMatchObject({ min: 0, max: 150 });
    const token = await createToken(fixture.agencyId, ["read"]);
    const response = await callApi<{ kpi: { min: number | null; max: number | null } }>(
      kpiRoute,
      "/api/v1/kpis/permits.issued",
      { token, params: { code: "permits.issued" } },
    );
    expect(response.status).toBe(200);
    expect(response.body.kpi).toMatchObject({ min: 0, max: 150 });
    // The KPI page and the department head's quick entry show it next to the value field.
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN");
    expect((await getKpiPage(head, "permits.issued"))?.kpi).toMatchObject({ min: 0, max: 150 });
    const view = await getDepartmentView(head);
    expect(view?.kpis.find((kpi) => kpi.code === "permits.issued")).toMatchObject({ min: 0, max: 150 });
    expect(view?.kpis.find((kpi) => kpi.code === "permits.median_days")).toMatchObject({ min: null, max: null });
  });

  test("a range that stored values fall outside is refused, naming how many and the periods; nothing changes", async () => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const error = await expectNothingChanged(fixture.agencyId, async () =>
      rejectionOf(updateKpi(officer, await issuedFields({ min: 95, max: 110, target: 100 }))),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const message = "2 values are outside 95 to 110: 2026-05, 2026-06. Correct them or widen the range.";
    expect(error.message).toBe(`The KPI was not saved: ${message}`);
    expect((error as ValidationError).fieldErrors).toEqual({ min: [message] });
  });

  test("over the form's action: min above max, and a target outside the range, are field errors on the form", async () => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    await expectNothingChanged(fixture.agencyId, async () => {
      const inverted = await treeHandlers.updateKpi(officer, { ...(await issuedFields()), min: 10, max: 5 });
      expect(inverted).toMatchObject({ ok: false, fieldErrors: { max: ["The maximum cannot be below the minimum."] } });
      const target = await treeHandlers.updateKpi(officer, await issuedFields({ target: 250 }));
      expect(target).toMatchObject({
        ok: false,
        fieldErrors: { target: ["The target (250) is outside the valid range of permits.issued (0 to 200)."] },
      });
      const perPeriod = await treeHandlers.setKpiTarget(officer, {
        kpiId: fixture.kpis["permits.issued"]!,
        version: (await issuedFields()).version,
        period: "2026-09",
        value: 250,
      });
      expect(perPeriod).toMatchObject({
        ok: false,
        fieldErrors: {
          value: ["The target for 2026-09 (250) is outside the valid range of permits.issued (0 to 200)."],
        },
      });
    });
  });
});

describe("a key result's start and target lie inside the range of the KPI it tracks", () => {
  const input = (changes: Record<string, unknown> = {}) => ({
    code: "O1.1.KR2",
    objective: "O1.1",
    title: "Issue more permits",
    kind: "metric",
    kpi: "permits.issued",
    start: 50,
    target: 180,
    ...changes,
  });

  test("the key result form: a new one and an edit, refused at the field with the range named; nothing changes", async () => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    await expectNothingChanged(fixture.agencyId, async () => {
      expect(await treeHandlers.createKeyResult(officer, input({ target: 250 }))).toMatchObject({
        ok: false,
        fieldErrors: { target: ["The target (250) is outside the valid range of permits.issued (0 to 200)."] },
      });
      const stored = await getPrisma().keyResult.findUniqueOrThrow({ where: { id: fixture.keyResults["O1.1.KR1"]! } });
      const edit = await treeHandlers.updateKeyResult(officer, {
        ...input({ start: -5, target: 150 }),
        id: stored.id,
        version: stored.version,
      });
      expect(edit).toMatchObject({
        ok: false,
        fieldErrors: { start: ["The start value (-5) is outside the valid range of permits.issued (0 to 200)."] },
      });
    });
    // On the bounds is inside.
    expect(await treeHandlers.createKeyResult(officer, input({ start: 0, target: 200 }))).toMatchObject({ ok: true });
  });

  test("a new range for the KPI that a key result falls outside is refused, on the KPI form and by import", async () => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    // O1.1.KR1 tracks permits.issued from 50 to 150: the measurements (90, 120) fit 0 to 120, its target does not.
    const message = "Key result O1.1.KR1 aims at 150, outside 0 to 120. Change it or widen the range.";
    const error = await expectNothingChanged(fixture.agencyId, async () =>
      rejectionOf(updateKpi(officer, await issuedFields({ max: 120 }))),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe(`The KPI was not saved: ${message}`);
    expect((error as ValidationError).fieldErrors).toEqual({ max: [message] });
    const starts = await rejectionOf(updateKpi(officer, await issuedFields({ min: 60, max: 200 })));
    expect((starts as ValidationError).fieldErrors).toEqual({
      min: ["Key result O1.1.KR1 starts from 50, outside 60 to 200. Change it or widen the range."],
    });

    const token = await createToken(fixture.agencyId, ["tree:write"]);
    const document = {
      format: "drivertree/v1",
      agency: { name: "Ranges", fiscalYearStartMonth: 7 },
      departments: [],
      plan: { code: "PLAN", name: "Plan", start: "2026-01-01", end: "2027-12-31" },
      kpis: [
        {
          code: "permits.issued",
          name: "permits.issued",
          ipo: "process",
          direction: "increase",
          frequency: "monthly",
          aggregation: "sum",
          department: "PLN",
          target: 100,
          min: 0,
          max: 120,
        },
      ],
      links: [],
      objectives: [],
      measurements: [],
    };
    const response = await expectNothingChanged(fixture.agencyId, () =>
      callApi(importRoute, "/api/v1/import", { token, body: document }),
    );
    expect(expectApiError(response, 400, "invalid")).toEqual([{ path: "kpis[0].max", message }]);
  });

  test("import: a key result outside the range is refused at its path", async () => {
    const token = await createToken(fixture.agencyId, ["tree:write"]);
    const document = {
      format: "drivertree/v1",
      agency: { name: "Ranges", fiscalYearStartMonth: 7 },
      departments: [],
      plan: { code: "PLAN", name: "Plan", start: "2026-01-01", end: "2027-12-31" },
      kpis: [],
      links: [],
      objectives: [
        {
          code: "O3",
          title: "More permits",
          parent: null,
          keyResults: [{ ...input({ start: -1, target: 201 }), code: "O3.KR1", objective: undefined }],
        },
      ],
      measurements: [],
    };
    const response = await expectNothingChanged(fixture.agencyId, () =>
      callApi(importRoute, "/api/v1/import", { token, body: document }),
    );
    expect(expectApiError(response, 400, "invalid")).toEqual([
      {
        path: "objectives[0].keyResults[0].start",
        message: "The start value (-1) is outside the valid range of permits.issued (0 to 200).",
      },
      {
        path: "objectives[0].keyResults[0].target",
        message: "The target (201) is outside the valid range of permits.issued (0 to 200).",
      },
    ]);
  });
});

describe("every input path refuses a value outside the range and writes nothing", () => {
  test("the KPI page's measurement form (an officer) and the quick entry (the department head)", async () => {
    for (const principal of [fixture.principal("PERFORMANCE_OFFICER"), fixture.principal("DEPARTMENT_HEAD", "PLN")]) {
      const result = await expectNothingChanged(fixture.agencyId, () =>
        treeHandlers.recordMeasurement(principal, { kpi: "permits.issued", period: "2026-07", value: 12345 }),
      );
      expect(result).toEqual({ ok: false, message: OUTSIDE, fieldErrors: { value: [OUTSIDE] } });
    }
    // On the bound is inside.
    const onBound = await recordMeasurement(fixture.principal("DEPARTMENT_HEAD", "PLN"), {
      kpi: "permits.issued",
      period: "2026-07",
      value: 200,
      note: "",
      source: "",
    });
    expect(onBound.measurement).toMatchObject({ period: "2026-07", value: 200 });
  });

  test("the CSV upload: the page's preview refuses the row, and so does the server when it is sent anyway", async () => {
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN");
    const kpis = await listWritableKpis(head);
    expect(kpis.find((kpi) => kpi.code === "permits.issued")).toMatchObject({ min: 0, max: 200 });
    const checked = checkMeasurementCsv(
      "kpi,period,value\npermits.issued,2026-07,12345\npermits.issued,2026-08,150\n",
      new CsvCatalog(kpis),
    );
    expect(checked.ok && checked.rows.map((row) => row.check)).toEqual([
      { ok: false, column: "value", message: OUTSIDE },
      { ok: true, measurement: { kpi: "permits.issued", period: "2026-08", value: 150, note: "" } },
    ]);
    const token = await createToken(fixture.agencyId, ["measurements:write"], fixture.departments.PLN!);
    const response = await expectNothingChanged(fixture.agencyId, () =>
      callApi(measurementsRoute, "/api/v1/measurements", {
        token,
        body: { measurements: [{ kpi: "permits.issued", period: "2026-07", value: 12345 }], source: "upload" },
      }),
    );
    expect(response.body).toMatchObject({
      accepted: 0,
      rejected: [{ index: 0, path: "measurements[0].value", message: OUTSIDE }],
    });
  });

  test("POST /api/v1/measurements: the row outside is refused at its path, the others are stored", async () => {
    const token = await createToken(fixture.agencyId, ["measurements:write"]);
    const response = await callApi(measurementsRoute, "/api/v1/measurements", {
      token,
      body: {
        measurements: [
          { kpi: "permits.issued", period: "2026-07", value: 140 },
          { kpi: "permits.issued", period: "2026-08", value: -1 },
          { kpi: "permits.reviewers", period: "2026-08", value: -1 },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      accepted: 2,
      rejected: [
        {
          index: 1,
          path: "measurements[1].value",
          message: "-1 is outside the valid range of permits.issued (0 to 200).",
        },
      ],
    });
    const stored = await getPrisma().measurement.findMany({
      where: { kpiId: fixture.kpis["permits.issued"]! },
      select: { period: true, value: true },
      orderBy: { period: "asc" },
    });
    expect(stored).toEqual([
      { period: "2026-05", value: 90 },
      { period: "2026-06", value: 120 },
      { period: "2026-07", value: 140 },
    ]);
  });

  describe("import", () => {
    /** A partial document for the fixture's agency: permits.issued with these fields, and these measurements. */
    const documentWith = (kpi: Record<string, unknown>, measurements: unknown[] = []) => ({
      format: "drivertree/v1",
      agency: { name: "Ranges", fiscalYearStartMonth: 7 },
      departments: [],
      plan: { code: "PLAN", name: "Plan", start: "2026-01-01", end: "2027-12-31" },
      kpis: [
        {
          code: "permits.issued",
          name: "permits.issued",
          ipo: "process",
          direction: "increase",
          frequency: "monthly",
          aggregation: "sum",
          department: "PLN",
          target: 100,
          ...kpi,
        },
      ],
      links: [],
      objectives: [],
      measurements,
    });

    async function importDocument(document: unknown) {
      const token = await createToken(fixture.agencyId, ["tree:write"]);
      return callApi(importRoute, "/api/v1/import", { token, body: document });
    }

    test("a measurement, a target or a baseline outside the document's range: every one at its path", async () => {
      const response = await expectNothingChanged(fixture.agencyId, () =>
        importDocument(
          documentWith({ min: 0, max: 200, baseline: -5, targets: { "2026-09": 201 } }, [
            { kpi: "permits.issued", period: "2026-07", value: 130 },
            { kpi: "permits.issued", period: "2026-08", value: 12345 },
          ]),
        ),
      );
      expect(expectApiError(response, 400, "invalid")).toEqual([
        {
          path: "kpis[0].baseline",
          message: "The baseline (-5) is outside the valid range of permits.issued (0 to 200).",
        },
        {
          path: "kpis[0].targets.2026-09",
          message: "The target for 2026-09 (201) is outside the valid range of permits.issued (0 to 200).",
        },
        { path: "measurements[1].value", message: OUTSIDE },
      ]);
    });

    test("a new range that stored measurements fall outside is refused, unless the document replaces them", async () => {
      // The fixture's key result on permits.issued aims at 150: brought inside first, only measurements are at stake.
      await getPrisma().keyResult.update({ where: { id: fixture.keyResults["O1.1.KR1"]! }, data: { targetValue: 95 } });
      const narrower = documentWith({ min: 0, max: 100 });
      const response = await expectNothingChanged(fixture.agencyId, () => importDocument(narrower));
      expect(expectApiError(response, 400, "invalid")).toEqual([
        {
          path: "kpis[0].max",
          message: "Stored measurements: 1 value is outside 0 to 100: 2026-06. Correct it or widen the range.",
        },
      ]);

      // The import page's preview says so too, before anything is applied.
      const preview = await previewImport(fixture.principal("PERFORMANCE_OFFICER"), {
        name: "narrower.json",
        bytes: new TextEncoder().encode(JSON.stringify(narrower)),
      });
      expect(preview).toMatchObject({
        previewId: null,
        problems: [{ path: "kpis[0].max", message: expect.stringMatching(/^Stored measurements: 1 value is outside/) }],
      });

      const corrected = documentWith({ min: 0, max: 100 }, [{ kpi: "permits.issued", period: "2026-06", value: 95 }]);
      expect((await importDocument(corrected)).status).toBe(200);
      const kpi = await getPrisma().kpi.findUniqueOrThrow({
        where: { id: fixture.kpis["permits.issued"]! },
        include: { measurements: { select: { period: true, value: true }, orderBy: { period: "asc" } } },
      });
      expect(kpi).toMatchObject({ minValue: 0, maxValue: 100 });
      expect(kpi.measurements).toEqual([
        { period: "2026-05", value: 90 },
        { period: "2026-06", value: 95 },
      ]);
    });
  });
});
