import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { adminHandlers, toAdminInput } from "@/lib/actions/admin-handlers";
import { getAgencySettings, updateAgencySettings } from "@/lib/dal/admin-settings";
import { ConflictError, ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { createFixtureAgency, readStoredHealth, watchAudit, type Fixture } from "./support/fixtures";
import {
  expectNothingChanged,
  expectOneAuditEvent,
  expectStoredHealthToEqualFullRecompute,
  rejectionOf,
} from "./support/expectations";

let fixture: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
});

const admin = () => fixture.principal("ADMIN");

const current = {
  name: "Test City",
  fiscalYearStartMonth: 7,
  onTrackThreshold: 0.9,
  atRiskThreshold: 0.7,
};

function statuses(health: Record<string, Record<string, unknown>>) {
  return Object.fromEntries(Object.entries(health).map(([node, result]) => [node, result.status]));
}

describe("getAgencySettings", () => {
  test("returns the caller's own agency settings", async () => {
    expect(await getAgencySettings(admin())).toEqual({ ...current, slug: fixture.slug, version: 1 });
  });
});

describe("updateAgencySettings", () => {
  test("a threshold change recomputes stored health, which then equals a full recomputation", async () => {
    const before = await readStoredHealth(fixture.agencyId);
    const audit = await watchAudit(fixture.agencyId);
    // Every node with data is at least "at risk" with a threshold of 0 and on track with 0.
    const result = await updateAgencySettings(admin(), {
      ...current,
      version: 1,
      onTrackThreshold: 0,
      atRiskThreshold: 0,
    });
    expect(result.settings).toEqual({
      ...current,
      slug: fixture.slug,
      onTrackThreshold: 0,
      atRiskThreshold: 0,
      version: 2,
    });
    expect(result.recomputedNodes).toBe(Object.keys(before).length);
    const after = await readStoredHealth(fixture.agencyId);
    expect(statuses(after)).not.toEqual(statuses(before));
    const graded = Object.values(after).filter((node) =>
      ["ON_TRACK", "AT_RISK", "OFF_TRACK"].includes(String(node.status)),
    );
    expect(graded.length).toBeGreaterThan(0);
    expect(graded.every((node) => node.status === "ON_TRACK")).toBe(true);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    await expectOneAuditEvent(audit, {
      action: "agency.updateSettings",
      entityType: "agency",
      entityId: fixture.agencyId,
      entityCode: fixture.slug,
      actorLabel: admin().label,
      before: { ...current, slug: fixture.slug, version: 1 },
      after: { ...current, slug: fixture.slug, onTrackThreshold: 0, atRiskThreshold: 0, version: 2 },
    });
  });

  test("a fiscal-year change recomputes stored health too", async () => {
    const result = await updateAgencySettings(admin(), { ...current, version: 1, fiscalYearStartMonth: 1 });
    expect(result.recomputedNodes).toBeGreaterThan(0);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a name change alone leaves stored health alone", async () => {
    const before = await getPrisma().healthResult.findMany({
      where: { agencyId: fixture.agencyId },
      orderBy: { nodeKey: "asc" },
    });
    const result = await updateAgencySettings(admin(), { ...current, version: 1, name: "City of Testing" });
    expect(result).toMatchObject({ settings: { name: "City of Testing" }, recomputedNodes: 0 });
    const after = await getPrisma().healthResult.findMany({
      where: { agencyId: fixture.agencyId },
      orderBy: { nodeKey: "asc" },
    });
    expect(after).toEqual(before);
  });

  test("a form post's numbers are read as numbers", async () => {
    const form = new FormData();
    for (const [key, value] of Object.entries({
      version: "1",
      name: "Test City",
      fiscalYearStartMonth: "10",
      onTrackThreshold: "0.85",
      atRiskThreshold: "0.6",
    })) {
      form.append(key, value);
    }
    const result = await adminHandlers.updateAgencySettings(admin(), toAdminInput(form));
    expect(result).toMatchObject({
      ok: true,
      data: { settings: { fiscalYearStartMonth: 10, onTrackThreshold: 0.85, atRiskThreshold: 0.6, version: 2 } },
    });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a stale version is a conflict that changes nothing", async () => {
    await updateAgencySettings(admin(), { ...current, version: 1, name: "First" });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(
        updateAgencySettings(admin(), { ...current, version: 1, onTrackThreshold: 0.5, atRiskThreshold: 0.2 }),
      ),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("The agency's settings was changed by");
  });

  test.each([
    ["at-risk above on-track", { onTrackThreshold: 0.6, atRiskThreshold: 0.8 }, "atRiskThreshold"],
    ["a threshold above 1", { onTrackThreshold: 1.5 }, "onTrackThreshold"],
    ["a negative threshold", { atRiskThreshold: -0.1 }, "atRiskThreshold"],
    ["month 13", { fiscalYearStartMonth: 13 }, "fiscalYearStartMonth"],
    ["month 0", { fiscalYearStartMonth: 0 }, "fiscalYearStartMonth"],
    ["an empty name", { name: " " }, "name"],
  ])("refuses %s with a field error and changes nothing", async (_, change, field) => {
    const result = await expectNothingChanged(fixture.agencyId, () =>
      adminHandlers.updateAgencySettings(admin(), { ...current, version: 1, ...change }),
    );
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : (result.fieldErrors ?? {}))).toEqual([field]);
  });
});

describe("authorization", () => {
  test.each([
    ["a performance officer", () => fixture.principal("PERFORMANCE_OFFICER")],
    ["an executive", () => fixture.principal("EXECUTIVE")],
    ["a department head", () => fixture.principal("DEPARTMENT_HEAD", "PLN")],
    ["an API token", () => fixture.token(["read", "measurements:write", "tree:write"])],
  ] as const)("%s may not read or change the settings", async (_, who) => {
    await expectNothingChanged(fixture.agencyId, async () => {
      expect(await rejectionOf(getAgencySettings(who()))).toBeInstanceOf(ForbiddenError);
      expect(
        await rejectionOf(
          updateAgencySettings(who(), { ...current, version: 1, onTrackThreshold: 0.1, atRiskThreshold: 0 }),
        ),
      ).toBeInstanceOf(ForbiddenError);
    });
    expect(await rejectionOf(getAgencySettings(null))).toBeInstanceOf(UnauthenticatedError);
  });

  test("an admin changes only their own agency", async () => {
    const other = await createFixtureAgency("Other City");
    await expectNothingChanged(fixture.agencyId, () =>
      updateAgencySettings(other.principal("ADMIN"), {
        ...current,
        version: 1,
        name: "Renamed",
        onTrackThreshold: 0.5,
      }),
    );
    expect(await getAgencySettings(other.principal("ADMIN"))).toMatchObject({ name: "Renamed", onTrackThreshold: 0.5 });
  });
});
