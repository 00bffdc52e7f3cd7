// Demo data for a fresh install: `npm run db:seed`, and `npm run dev` (or `npm start -- --demo`) on an empty database.
// It loads the City of Riverton's driver tree (prisma/seed-data/riverton.ts, a drivertree/v1
// document) with its users and commentary, then computes and stores every node's health.
// It never touches a database that already holds an agency.
//
// Run with `tsx --conditions=react-server` (the scripts do): the app's server-only modules
// refuse to load anywhere else.
import { getPrisma } from "../lib/db";
import { getTodayUtc } from "../lib/clock";
import { getRuntimeEnv } from "../lib/env";
import { hashPassword } from "../lib/auth/password";
import { DEFAULT_THRESHOLDS, listFormulaCodes, parseFormula, resolveThresholds } from "../lib/domain";
import { refreshAgencyHealth } from "../lib/dal/health-refresh";
import { DEMO_PASSWORD, rivertonCommentary, rivertonDocument, rivertonUsers } from "./seed-data/riverton";
import type { DriverTreeObjective } from "../lib/document/types";

const SEED_LABEL = "Demo seed";

/** Objectives flattened parent-first, whether the document nests them by `parent` or `children`. */
function flattenObjectives(objectives: readonly DriverTreeObjective[]) {
  const flat: (DriverTreeObjective & { parentCode: string | null })[] = [];
  const visit = (objective: DriverTreeObjective, parentCode: string | null) => {
    flat.push({ ...objective, parentCode: objective.parent ?? parentCode });
    for (const child of objective.children ?? []) visit(child, objective.code);
  };
  for (const objective of objectives) visit(objective, null);
  const placed = new Set<string>();
  const ordered: typeof flat = [];
  while (ordered.length < flat.length) {
    const before = ordered.length;
    for (const objective of flat) {
      if (placed.has(objective.code)) continue;
      if (objective.parentCode === null || placed.has(objective.parentCode)) {
        ordered.push(objective);
        placed.add(objective.code);
      }
    }
    if (ordered.length === before) throw new Error("The seed's objectives have an unknown parent or a cycle.");
  }
  return ordered;
}

async function main() {
  // Every seeded user's password is published in the README: never in production.
  if (getRuntimeEnv().NODE_ENV === "production") {
    throw new Error("refusing to seed demo data with NODE_ENV=production: its users' password is public");
  }
  const prisma = getPrisma();
  const agencyCount = await prisma.agency.count();
  if (agencyCount > 0) {
    console.log(`[seed] the database already holds ${agencyCount} agency(ies): nothing seeded`);
    return;
  }
  const document = rivertonDocument;
  const thresholds = resolveThresholds(DEFAULT_THRESHOLDS, document.agency.thresholds);
  const startedAt = Date.now();

  const agencyId = await prisma.$transaction(
    async (db) => {
      const agency = await db.agency.create({
        data: {
          slug: document.agency.slug ?? "riverton",
          name: document.agency.name,
          fiscalYearStartMonth: document.agency.fiscalYearStartMonth ?? 1,
          onTrackThreshold: thresholds.onTrack,
          atRiskThreshold: thresholds.atRisk,
        },
      });

      const departmentIds = new Map<string, string>();
      const pending = [...document.departments];
      while (pending.length > 0) {
        const index = pending.findIndex((department) => !department.parent || departmentIds.has(department.parent));
        if (index < 0) throw new Error("The seed's departments have an unknown parent or a cycle.");
        const [department] = pending.splice(index, 1);
        const row = await db.department.create({
          data: {
            agencyId: agency.id,
            code: department!.code,
            name: department!.name,
            parentId: department!.parent ? departmentIds.get(department!.parent)! : null,
          },
        });
        departmentIds.set(row.code, row.id);
      }

      const plan = await db.plan.create({
        data: {
          agencyId: agency.id,
          code: document.plan.code,
          name: document.plan.name ?? document.plan.code,
          startDate: new Date(`${document.plan.start}T00:00:00Z`),
          endDate: new Date(`${document.plan.end}T00:00:00Z`),
        },
      });

      const kpiIds = new Map<string, string>();
      for (const kpi of document.kpis) {
        const row = await db.kpi.create({
          data: {
            agencyId: agency.id,
            code: kpi.code,
            name: kpi.name,
            description: kpi.description ?? "",
            unit: kpi.unit ?? "",
            ipo: kpi.ipo,
            indicator: kpi.indicator ?? "lagging",
            direction: kpi.direction,
            frequency: kpi.frequency,
            aggregation: kpi.aggregation ?? "last",
            departmentId: departmentIds.get(kpi.department)!,
            baseline: kpi.baseline ?? null,
            target: kpi.target ?? null,
            tolerance: kpi.tolerance ?? 0,
            onTrackThreshold: kpi.thresholds?.onTrack ?? null,
            atRiskThreshold: kpi.thresholds?.atRisk ?? null,
            formula: kpi.formula ?? null,
            lagDays: kpi.lagDays ?? 30,
            minValue: kpi.min ?? null,
            maxValue: kpi.max ?? null,
            published: kpi.published ?? false,
          },
        });
        kpiIds.set(kpi.code, row.id);
      }
      await db.kpiTarget.createMany({
        data: document.kpis.flatMap((kpi) =>
          Object.entries(kpi.targets ?? {}).map(([period, value]) => ({
            agencyId: agency.id,
            kpiId: kpiIds.get(kpi.code)!,
            period,
            value,
          })),
        ),
      });
      await db.formulaReference.createMany({
        data: document.kpis.flatMap((kpi) => {
          if (!kpi.formula) return [];
          const parsed = parseFormula(kpi.formula);
          if (!parsed.ok) throw new Error(`The seed's formula of ${kpi.code} does not parse: ${parsed.error.message}`);
          return [...new Set(listFormulaCodes(parsed.ast))].map((code) => ({
            agencyId: agency.id,
            kpiId: kpiIds.get(kpi.code)!,
            referencedKpiId: kpiIds.get(code)!,
          }));
        }),
      });
      await db.driverLink.createMany({
        data: document.links.map((link) => ({
          agencyId: agency.id,
          fromKpiId: kpiIds.get(link.from)!,
          toKpiId: kpiIds.get(link.to)!,
          weight: link.weight ?? 1,
          polarity: link.polarity ?? "positive",
        })),
      });

      const objectiveIds = new Map<string, string>();
      const nodeIds = new Map<string, string>();
      const positions = new Map<string, number>();
      for (const objective of flattenObjectives(document.objectives)) {
        const siblingKey = objective.parentCode ?? "";
        const position = positions.get(siblingKey) ?? 0;
        positions.set(siblingKey, position + 1);
        const row = await db.objective.create({
          data: {
            agencyId: agency.id,
            planId: plan.id,
            code: objective.code,
            title: objective.title,
            departmentId: objective.department ? departmentIds.get(objective.department)! : null,
            parentId: objective.parentCode ? objectiveIds.get(objective.parentCode)! : null,
            weight: objective.weight ?? 1,
            position,
            published: objective.published ?? false,
          },
        });
        objectiveIds.set(objective.code, row.id);
        nodeIds.set(`objective:${objective.code}`, row.id);
        for (const [index, keyResult] of (objective.keyResults ?? []).entries()) {
          const kind = keyResult.kind ?? "metric";
          const created = await db.keyResult.create({
            data: {
              agencyId: agency.id,
              objectiveId: row.id,
              code: keyResult.code,
              title: keyResult.title,
              kind,
              kpiId: kind === "metric" && keyResult.kpi ? kpiIds.get(keyResult.kpi)! : null,
              startValue: kind === "metric" ? (keyResult.start ?? null) : null,
              targetValue: kind === "metric" ? (keyResult.target ?? null) : null,
              startDate: keyResult.startDate ? new Date(`${keyResult.startDate}T00:00:00Z`) : null,
              dueDate: keyResult.dueDate ? new Date(`${keyResult.dueDate}T00:00:00Z`) : null,
              weight: keyResult.weight ?? 1,
              position: index,
              progress: kind === "milestone" ? (keyResult.progress ?? 0) : null,
              zone: kind === "qualitative" ? (keyResult.zone ?? null) : null,
              published: objective.published ?? false,
            },
          });
          nodeIds.set(`keyResult:${keyResult.code}`, created.id);
        }
      }
      for (const [code, id] of kpiIds) nodeIds.set(`kpi:${code}`, id);

      await db.measurement.createMany({
        data: (document.measurements ?? []).map((measurement) => ({
          agencyId: agency.id,
          kpiId: kpiIds.get(measurement.kpi)!,
          period: measurement.period,
          value: measurement.value,
          note: measurement.note ?? "",
          source: "Demo data",
          enteredByLabel: SEED_LABEL,
        })),
      });

      const userIds = new Map<string, string>();
      for (const user of rivertonUsers) {
        const row = await db.user.create({
          data: {
            agencyId: agency.id,
            email: user.email,
            name: user.name,
            role: user.role,
            departmentId: user.department ? departmentIds.get(user.department)! : null,
            passwordHash: await hashPassword(DEMO_PASSWORD),
          },
        });
        userIds.set(user.email, row.id);
      }

      await db.commentary.createMany({
        data: rivertonCommentary.map((commentary) => ({
          agencyId: agency.id,
          nodeKind: commentary.kind,
          nodeId: nodeIds.get(`${commentary.kind}:${commentary.code}`)!,
          period: commentary.period ?? null,
          body: commentary.body,
          isInternal: commentary.internal ?? false,
          authorUserId: userIds.get("officer@riverton.example") ?? null,
          authorLabel: "officer@riverton.example",
        })),
      });

      await db.auditEvent.create({
        data: {
          agencyId: agency.id,
          actorLabel: SEED_LABEL,
          action: "agency.seed",
          entityType: "agency",
          entityId: agency.id,
          entityCode: agency.slug,
          after: {
            kpis: document.kpis.length,
            objectives: objectiveIds.size,
            measurements: document.measurements?.length ?? 0,
          },
        },
      });
      return agency.id;
    },
    { maxWait: 30_000, timeout: 300_000 },
  );

  const report = await refreshAgencyHealth(agencyId, getTodayUtc());
  console.log(
    `[seed] seeded ${document.agency.name}: ${document.kpis.length} KPIs, ${document.links.length} driver links, ` +
      `${document.measurements?.length ?? 0} measurements, ${rivertonUsers.length} users; ` +
      `health of ${report.nodes} nodes as of ${report.asOf} (${Date.now() - startedAt} ms)`,
  );
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`[seed] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
