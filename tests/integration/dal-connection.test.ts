// A database connection killed in the middle of a request (a failover, an operator's pg_terminate_backend): that
// request fails cleanly, nothing of it is stored, the next request works and the server process lives on (vitest
// fails a run that has an unhandled error or rejection).
import pg from "pg";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { treeHandlers } from "@/lib/actions/tree-handlers";
import { getPrisma } from "@/lib/db";
import { recordMeasurement } from "@/lib/dal/measurements";
import { isExpectedError } from "@/lib/errors";
import { createFixtureAgency, readStoredHealth, type Fixture } from "./support/fixtures";
import { expectNothingChanged, expectStoredHealthToEqualFullRecompute } from "./support/expectations";

let fixture: Fixture;
/** Connections of our own, outside the app's pool: one holds locks, the other watches and terminates backends. */
let locker: pg.Client;
// pg_stat_activity is read once per transaction, so the watcher must not be the one inside the locking transaction.
let operator: pg.Client;
let lockerPid: number;

beforeEach(async () => {
  fixture = await createFixtureAgency();
  locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  operator = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await Promise.all([locker.connect(), operator.connect()]);
  lockerPid = (await locker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
});

/** The app logs the lost connection (its pool and adapter listen for the error that would otherwise crash Node). */
function silenceConsoleErrors() {
  return vi.spyOn(console, "error").mockImplementation(() => undefined);
}

function expectConnectionLossLogged(errors: ReturnType<typeof silenceConsoleErrors>) {
  const lines = errors.mock.calls.map((call) => String(call[0]));
  expect(lines.some((line) => /^\[db\] (connection error|idle connection lost)/.test(line))).toBe(true);
}

afterEach(async () => {
  await locker.query("ROLLBACK").catch(() => undefined);
  await Promise.all([locker.end(), operator.end()]);
  vi.restoreAllMocks();
});

/** The pid of the app's backend that waits on a lock while running a statement matching `pattern`. */
async function waitForBlockedBackend(pattern: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await operator.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
         AND pid <> $2 AND wait_event_type = 'Lock' AND query LIKE $1`,
      [`%${pattern}%`, lockerPid],
    );
    if (rows.length === 1) return rows[0]!.pid;
    expect(rows.length).toBeLessThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`No backend blocked on a statement like ${pattern}`);
}

async function terminate(pid: number) {
  const { rows } = await operator.query<{ terminated: boolean }>("SELECT pg_terminate_backend($1) AS terminated", [
    pid,
  ]);
  expect(rows[0]?.terminated).toBe(true);
}

/** The request after the failure works: several at once, so that any broken connection left in the pool is used. */
async function expectNextRequestsToWork() {
  const officer = fixture.principal("PERFORMANCE_OFFICER");
  const results = await Promise.all(
    ["2026-01", "2026-02", "2026-03", "2026-04", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"].map(
      (period, i) =>
        recordMeasurement(officer, { kpi: "streets.potholes", period, value: 300 + i, note: "", source: "" }),
    ),
  );
  expect(results).toHaveLength(10);
  expect(await getPrisma().measurement.count({ where: { kpiId: fixture.kpis["streets.potholes"]! } })).toBe(11);
  await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
}

describe("a connection killed mid-request", () => {
  test("while the write waits for the agency lock: the request rejects and nothing is stored", async () => {
    const errors = silenceConsoleErrors();
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const error = await expectNothingChanged(fixture.agencyId, async () => {
      await locker.query("BEGIN");
      await locker.query(`SELECT id FROM "Agency" WHERE id = $1 FOR UPDATE`, [fixture.agencyId]);
      const request = recordMeasurement(officer, {
        kpi: "permits.issued",
        period: "2026-07",
        value: 130,
        note: "",
        source: "",
      });
      const outcome = request.then(
        () => null,
        (reason: unknown) => reason,
      );
      await terminate(await waitForBlockedBackend(`FROM "Agency"`));
      const reason = await outcome;
      await locker.query("ROLLBACK");
      return reason;
    });
    expect(error).toBeInstanceOf(Error);
    expect(isExpectedError(error)).toBe(false);
    await expectNextRequestsToWork();
    expectConnectionLossLogged(errors);
  });

  test("after the write has stored its measurement and health: all of it is rolled back", async () => {
    const errors = silenceConsoleErrors();
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const healthBefore = await readStoredHealth(fixture.agencyId);
    const error = await expectNothingChanged(fixture.agencyId, async () => {
      // The audit event is the write's last statement: block it, so the measurement, its revision and the
      // recomputed health are all written (uncommitted) when the connection dies.
      await locker.query("BEGIN");
      await locker.query(`LOCK TABLE "AuditEvent" IN SHARE ROW EXCLUSIVE MODE`);
      const outcome = recordMeasurement(officer, {
        kpi: "permits.median_days",
        period: "2026-06",
        value: 15,
        note: "",
        source: "",
      }).then(
        () => null,
        (reason: unknown) => reason,
      );
      const pid = await waitForBlockedBackend(`INSERT INTO "public"."AuditEvent"`);
      // Uncommitted work of the blocked transaction is there: its new health row has been written.
      const { rows } = await operator.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE pid = $1 AND mode = 'RowExclusiveLock' AND granted`,
        [pid],
      );
      expect(rows[0]?.n).toBeGreaterThan(0);
      await terminate(pid);
      const reason = await outcome;
      await locker.query("ROLLBACK");
      return reason;
    });
    expect(error).toBeInstanceOf(Error);
    expect(await readStoredHealth(fixture.agencyId)).toEqual(healthBefore);
    const row = await getPrisma().measurement.findUniqueOrThrow({
      where: { kpiId_period: { kpiId: fixture.kpis["permits.median_days"]!, period: "2026-06" } },
    });
    expect(row).toMatchObject({ value: 24, version: 1 });
    await expectNextRequestsToWork();
    expectConnectionLossLogged(errors);
  });

  test("through the action: a generic message with an error id, never the database's own words", async () => {
    const errors = silenceConsoleErrors();
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const result = await expectNothingChanged(fixture.agencyId, async () => {
      await locker.query("BEGIN");
      await locker.query(`SELECT id FROM "Agency" WHERE id = $1 FOR UPDATE`, [fixture.agencyId]);
      const outcome = treeHandlers.recordMeasurement(officer, { kpi: "permits.issued", period: "2026-07", value: 130 });
      await terminate(await waitForBlockedBackend(`FROM "Agency"`));
      const settled = await outcome;
      await locker.query("ROLLBACK");
      return settled;
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/^Something went wrong \(error [0-9a-f]{8}\)\. Nothing was changed\.$/);
    expect(result.fieldErrors).toBeUndefined();
    const errorId = /error ([0-9a-f]{8})/.exec(result.message)?.[1];
    // The server log has the id, so the message a user reports leads to the cause.
    expect(errors.mock.calls.some((call) => String(call[0]).includes(errorId!))).toBe(true);
    await expectNextRequestsToWork();
    expectConnectionLossLogged(errors);
  });
});
