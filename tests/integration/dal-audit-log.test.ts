import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { listAuditEntityTypes, listAuditEvents } from "@/lib/dal/audit-log";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { AUDIT_PAGE_SIZE, auditLogQuerySchema } from "@/lib/validation/admin";
import { createFixtureAgency, type Fixture } from "./support/fixtures";
import { rejectionOf } from "./support/expectations";

let fixture: Fixture;
let other: Fixture;

const admin = () => fixture.principal("ADMIN");

// 120 events over four days: days 1–3 by alice (kpi), day 4 by bob (user) and a token (kpi).
beforeAll(async () => {
  fixture = await createFixtureAgency();
  other = await createFixtureAgency("Other City");
  const rows = Array.from({ length: 120 }, (_, index) => {
    const day = 1 + Math.floor(index / 30);
    const actorLabel =
      day < 4 ? "alice@city.example" : index % 2 === 0 ? "Bob@City.example" : "token Finance feed (tl_abc…)";
    return {
      agencyId: fixture.agencyId,
      actorLabel,
      action: day < 4 || index % 2 === 1 ? "kpi.update" : "user.create",
      entityType: day < 4 || index % 2 === 1 ? "kpi" : "user",
      entityCode: `E${index}`,
      after: { index },
      // Several events share a timestamp, so that paging must break ties by id.
      createdAt: new Date(Date.UTC(2026, 2, day, 12, 0, Math.floor((index % 30) / 3))),
    };
  });
  await getPrisma().auditEvent.createMany({ data: rows });
  await getPrisma().auditEvent.create({
    data: {
      agencyId: other.agencyId,
      actorLabel: "alice@city.example",
      action: "kpi.update",
      entityType: "kpi",
      entityCode: "OTHER",
    },
  });
});

async function readAllPages(query: Parameters<typeof listAuditEvents>[1]) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await listAuditEvents(admin(), { ...query, cursor });
    pages.push(page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

const fixtureEventsOnly = { from: "2026-03-01", to: "2026-03-04" };

describe("listAuditEvents", () => {
  test("pages of 50, newest first, with every event exactly once across the pages", async () => {
    const pages = await readAllPages(fixtureEventsOnly);
    expect(pages.map((page) => page.length)).toEqual([AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE, 20]);
    const events = pages.flat();
    expect(new Set(events.map((event) => event.id)).size).toBe(120);
    const times = events.map((event) => event.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(events[0]).toMatchObject({ createdAt: "2026-03-04T12:00:09.000Z", entityType: expect.any(String) });
    expect(events.map((event) => event.entityCode)).not.toContain("OTHER");
  });

  test("filters by actor, case-insensitively and by part of the label", async () => {
    const bob = (await readAllPages({ ...fixtureEventsOnly, actor: "bob@" })).flat();
    expect(bob).toHaveLength(15);
    expect(bob.every((event) => event.actorLabel === "Bob@City.example")).toBe(true);
    const tokens = (await readAllPages({ ...fixtureEventsOnly, actor: "FINANCE" })).flat();
    expect(tokens).toHaveLength(15);
  });

  test("filters by entity type and by a date range of whole UTC days", async () => {
    const users = (await readAllPages({ ...fixtureEventsOnly, entityType: "user" })).flat();
    expect(users).toHaveLength(15);
    expect(users.every((event) => event.entityType === "user")).toBe(true);
    const dayTwo = (await readAllPages({ from: "2026-03-02", to: "2026-03-02" })).flat();
    expect(dayTwo).toHaveLength(30);
    expect(dayTwo.every((event) => event.createdAt.startsWith("2026-03-02"))).toBe(true);
    const fromDayThree = (await readAllPages({ from: "2026-03-03", to: "2026-03-31", actor: "alice" })).flat();
    expect(fromDayThree).toHaveLength(30);
  });

  test("another agency's events never show", async () => {
    const events = (await listAuditEvents(other.principal("ADMIN"), { actor: "alice" })).events;
    expect(events.map((event) => event.entityCode)).toEqual(["OTHER"]);
  });

  test("a forged cursor is a validation error", async () => {
    const error = await rejectionOf(listAuditEvents(admin(), { cursor: "bm90IGEgY3Vyc29y" }));
    expect(error).toBeInstanceOf(ValidationError);
  });

  test("the query schema refuses an end before the start and malformed dates", () => {
    expect(auditLogQuerySchema.safeParse({ from: "2026-03-05", to: "2026-03-01" }).success).toBe(false);
    expect(auditLogQuerySchema.safeParse({ from: "03/05/2026" }).success).toBe(false);
  });

  test("lists the entity types present", async () => {
    expect(await listAuditEntityTypes(admin())).toEqual(expect.arrayContaining(["kpi", "user"]));
  });

  test.each([
    ["a performance officer", () => fixture.principal("PERFORMANCE_OFFICER")],
    ["an executive", () => fixture.principal("EXECUTIVE")],
    ["a department head", () => fixture.principal("DEPARTMENT_HEAD", "PLN")],
    ["an API token", () => fixture.token(["read"])],
  ] as const)("%s may not read the audit log", async (_, who) => {
    expect(await rejectionOf(listAuditEvents(who(), {}))).toBeInstanceOf(ForbiddenError);
    expect(await rejectionOf(listAuditEntityTypes(who()))).toBeInstanceOf(ForbiddenError);
    expect(await rejectionOf(listAuditEvents(null, {}))).toBeInstanceOf(UnauthenticatedError);
  });
});
