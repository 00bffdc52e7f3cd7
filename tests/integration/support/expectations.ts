// Assertions shared by the DAL tests: every write keeps stored health equal to a full
// recomputation and leaves exactly one audit event; every refusal leaves nothing behind.
import { expect } from "vitest";
import { compareStoredHealthWithFullRecompute, snapshotAgency, type watchAudit } from "./fixtures";

export async function expectStoredHealthToEqualFullRecompute(agencyId: string) {
  const { stored, expected } = await compareStoredHealthWithFullRecompute(agencyId);
  expect(Object.keys(stored).length).toBeGreaterThan(0);
  expect(stored).toEqual(expected);
}

type ExpectedAudit = {
  action: string;
  entityType: string;
  entityId?: string;
  entityCode?: string;
  actorLabel?: string;
  before: unknown;
  after: unknown;
};

/** Exactly one audit event since `watch` started, with these fields (before/after compared as stored JSON). */
export async function expectOneAuditEvent(watch: Awaited<ReturnType<typeof watchAudit>>, expected: ExpectedAudit) {
  const events = await watch.newEvents();
  expect(events).toHaveLength(1);
  const [event] = events;
  const { before, after, ...fields } = expected;
  expect(event).toMatchObject(fields);
  expect(event?.before).toEqual(toStoredJson(before));
  expect(event?.after).toEqual(toStoredJson(after));
  return event!;
}

/** How a value looks once stored in a Json column and read back (undefined and null both read as null). */
export function toStoredJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const isMatcher =
    typeof value === "object" && typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === "function";
  return isMatcher ? value : JSON.parse(JSON.stringify(value));
}

/**
 * Runs `act` and checks that the agencies' rows (counts and every column), stored health and audit log are exactly
 * as before: `countRows` plus the rows themselves, so that a half-applied edit would show too.
 */
export async function expectNothingChanged<T>(
  agencyIds: string | readonly string[],
  act: () => Promise<T>,
): Promise<T> {
  const ids = typeof agencyIds === "string" ? [agencyIds] : agencyIds;
  const before = await Promise.all(ids.map((id) => snapshotAgency(id)));
  const result = await act();
  const after = await Promise.all(ids.map((id) => snapshotAgency(id)));
  expect(after).toEqual(before);
  return result;
}

/** Captures a promise's rejection (failing the test when it resolves), for assertions on the error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error("Expected the call to be refused, but it succeeded.");
}
