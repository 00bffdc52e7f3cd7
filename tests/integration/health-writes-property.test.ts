// A property of every write path together (issue 14): whatever sequence of writes an agency receives — tree edits,
// measurements one at a time and many at once, imports, settings, refreshes — after each one, stored health equals a
// full recomputation of what the database holds (read by an independent loader: ./support/independent-model.ts), and
// no health is left pending. Refused writes count too: they must change nothing.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import { updateAgencySettings } from "@/lib/dal/admin-settings";
import { exportDocument } from "@/lib/dal/document-export";
import { importDocument } from "@/lib/dal/document-import";
import { refreshAgencyHealth } from "@/lib/dal/health-refresh";
import { setKpiTarget } from "@/lib/dal/kpis";
import { createLink, deleteLink } from "@/lib/dal/links";
import { recordMeasurementBatch } from "@/lib/dal/measurement-batch";
import { recordMeasurement } from "@/lib/dal/measurements";
import { ExpectedError } from "@/lib/errors";
import { compareStoredHealthWithFullRecompute, createFixtureAgency, type Fixture } from "./support/fixtures";

// The fixture's KPIs that take measurements (permits.cost_per_permit is a formula), all monthly.
const MEASURED = ["permits.reviewers", "permits.issued", "permits.cost", "permits.median_days", "streets.potholes"];
const ALL_KPIS = [...MEASURED, "permits.cost_per_permit"];
const month = fc.integer({ min: 1, max: 12 }).map((m) => `2026-${String(m).padStart(2, "0")}`);
const value = fc.integer({ min: 0, max: 2_000 });

type Write =
  | { kind: "measurement"; kpi: string; period: string; value: number }
  | { kind: "batch"; rows: { kpi: string; period: string; value: number }[] }
  | { kind: "largeBatch"; offset: number }
  | { kind: "target"; kpi: string; period: string; value: number }
  | { kind: "addLink"; from: string; to: string; weight: number; negative: boolean }
  | { kind: "removeLink"; pick: number }
  | { kind: "settings"; onTrack: number; atRisk: number; fiscalYearStartMonth: number }
  | { kind: "import"; kpi: string; target: number }
  | { kind: "refresh" };

const writeArbitrary: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constant("measurement" as const), kpi: fc.constantFrom(...MEASURED), period: month, value }),
  fc.record({
    kind: fc.constant("batch" as const),
    rows: fc.uniqueArray(fc.record({ kpi: fc.constantFrom(...MEASURED), period: month, value }), {
      minLength: 1,
      maxLength: 6,
      selector: (row) => `${row.kpi}@${row.period}`,
    }),
  }),
  fc.record({ kind: fc.constant("largeBatch" as const), offset: fc.integer({ min: -50, max: 50 }) }),
  fc.record({ kind: fc.constant("target" as const), kpi: fc.constantFrom(...ALL_KPIS), period: month, value }),
  fc.record({
    kind: fc.constant("addLink" as const),
    from: fc.constantFrom(...ALL_KPIS),
    to: fc.constantFrom(...ALL_KPIS),
    weight: fc.integer({ min: 1, max: 4 }),
    negative: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("removeLink" as const), pick: fc.nat() }),
  fc
    .record({
      kind: fc.constant("settings" as const),
      onTrack: fc.integer({ min: 60, max: 100 }),
      gap: fc.integer({ min: 1, max: 40 }),
      fiscalYearStartMonth: fc.constantFrom(1, 7, 10),
    })
    .map(({ onTrack, gap, ...rest }) => ({
      ...rest,
      onTrack: onTrack / 100,
      atRisk: Math.max(0, onTrack - gap) / 100,
    })),
  fc.record({ kind: fc.constant("import" as const), kpi: fc.constantFrom(...MEASURED), target: value }),
  fc.constant({ kind: "refresh" as const }),
);

async function apply(fixture: Fixture, write: Write): Promise<void> {
  const officer = fixture.principal("PERFORMANCE_OFFICER");
  const admin = fixture.principal("ADMIN");
  const prisma = getPrisma();
  switch (write.kind) {
    case "measurement":
      await recordMeasurement(officer, { ...write, note: "", source: "" });
      return;
    case "batch":
      await recordMeasurementBatch(officer, write.rows, "property test");
      return;
    case "largeBatch": {
      // Every measured KPI, every month: values of most of the tree at once (the full-recomputation path).
      const rows = MEASURED.flatMap((kpi, k) =>
        Array.from({ length: 12 }, (_, m) => ({
          kpi,
          period: `2026-${String(m + 1).padStart(2, "0")}`,
          value: 100 + k * 10 + m + write.offset,
        })),
      );
      await recordMeasurementBatch(officer, rows, "property test");
      return;
    }
    case "target": {
      const kpi = await prisma.kpi.findUniqueOrThrow({
        where: { id: fixture.kpis[write.kpi]! },
        select: { id: true, version: true },
      });
      await setKpiTarget(officer, { kpiId: kpi.id, version: kpi.version, period: write.period, value: write.value });
      return;
    }
    case "addLink":
      await createLink(officer, {
        from: write.from,
        to: write.to,
        weight: write.weight,
        polarity: write.negative ? "negative" : "positive",
      });
      return;
    case "removeLink": {
      const links = await prisma.driverLink.findMany({
        where: { agencyId: fixture.agencyId },
        select: { id: true, version: true },
        orderBy: { id: "asc" },
      });
      if (links.length === 0) return;
      const link = links[write.pick % links.length]!;
      await deleteLink(officer, { id: link.id, version: link.version });
      return;
    }
    case "settings": {
      const agency = await prisma.agency.findUniqueOrThrow({
        where: { id: fixture.agencyId },
        select: { name: true, version: true },
      });
      await updateAgencySettings(admin, {
        ...agency,
        fiscalYearStartMonth: write.fiscalYearStartMonth,
        onTrackThreshold: write.onTrack,
        atRiskThreshold: write.atRisk,
      });
      return;
    }
    case "import": {
      // The agency's own document with one KPI's default target changed: an import that reaches part of the tree.
      const document = structuredClone(await exportDocument(admin)) as { kpis: { code: string; target: unknown }[] };
      const kpi = document.kpis.find((candidate) => candidate.code === write.kpi);
      if (kpi) kpi.target = write.target;
      await importDocument(admin, document);
      return;
    }
    case "refresh":
      await refreshAgencyHealth(fixture.agencyId, getTodayUtc());
      return;
  }
}

describe("every sequence of writes", () => {
  test("keeps stored health equal to a full recomputation after each write, with nothing left pending", async () => {
    const outcomes = { applied: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(writeArbitrary, { minLength: 1, maxLength: 6 }), async (writes) => {
        const fixture = await createFixtureAgency("Property City");
        await refreshAgencyHealth(fixture.agencyId, getTodayUtc());
        for (const write of writes) {
          try {
            await apply(fixture, write);
            outcomes.applied += 1;
          } catch (error) {
            // A refusal (a link that would make a cycle, a stale version…) is a write too: it must change nothing.
            if (!(error instanceof ExpectedError)) throw error;
            outcomes.refused += 1;
          }
          const comparison = await compareStoredHealthWithFullRecompute(fixture.agencyId);
          expect(comparison.stored, `after ${JSON.stringify(write)}`).toEqual(comparison.expected);
          const agency = await getPrisma().agency.findUniqueOrThrow({
            where: { id: fixture.agencyId },
            select: { healthPendingSince: true },
          });
          expect(agency.healthPendingSince).toBeNull();
        }
      }),
      { numRuns: 12 },
    );
    // Not a property of refusals only: most generated writes go through.
    expect(outcomes.applied).toBeGreaterThan(outcomes.refused);
  }, 300_000);
});
