import "server-only";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import type { Permission, Principal } from "@/lib/auth/permissions";
import type { HealthModel, ModelChange } from "@/lib/domain";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { getBranchDepartmentIds, requirePermission, type Tx } from "./access";
import { recordAudit, type AuditEntry } from "./audit";
import { loadHealthModel, lockAgencyRow, type AgencyRow } from "./health-store";
import { updateStoredHealth, type HealthUpdate } from "./health/service";

export type WriteContext = {
  db: Tx;
  principal: Principal;
  agency: AgencyRow;
  /** The departments the principal may act on; null = agency-wide. */
  branch: ReadonlySet<string> | null;
  asOf: string;
  /** The tree before this write, as the engine sees it (loaded at most once per write). */
  loadModel: () => Promise<HealthModel>;
};

export type WriteOutcome<T> = {
  value: T;
  audit: AuditEntry;
  /** What the write changed for health; empty when health cannot be affected (commentary). */
  changes: readonly ModelChange[];
  /**
   * For writes that only change measurements: the ids of the KPIs measured. Unless the work
   * loaded the whole tree anyway, only the part of the tree they reach is then loaded.
   */
  measuredKpiIds?: readonly string[];
  /**
   * For a write that puts rows back in their places in the tree's order (a restore from the recycle bin), which the
   * engine's changes cannot say (an added node is appended): health is then recomputed whole from the rows after it.
   */
  recomputesWholeTree?: boolean;
};

export type WriteReport = { recomputedNodes: number };

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * The one path every change to the tree takes, in one transaction:
 * authorize → lock the agency → validate and write (the caller's `work`) → ask lib/domain
 * which nodes the change reaches → recompute exactly those → store them → one audit event.
 *
 * Writes of one agency are serialized by a row lock on the agency, so concurrent writes
 * (from any number of app servers) each recompute from the state the previous one left,
 * and stored health always equals a full recomputation.
 */
export async function runTreeWrite<T>(
  principal: Principal | null | undefined,
  permission: Permission,
  work: (context: WriteContext) => Promise<WriteOutcome<T>>,
): Promise<T & WriteReport> {
  const caller = requirePermission(principal, permission);
  return getPrisma().$transaction(async (db) => {
    const agency = await lockAgencyRow(db, caller.agencyId);
    const asOf = getTodayUtc();
    const branch = await getBranchDepartmentIds(db, caller);
    // Tree edits do not check departments object by object, so a principal limited to a branch (a department-scoped
    // tree:write token) may make none, rather than edit every department's objects.
    if (permission === "tree:edit" && branch !== null) {
      throw new ForbiddenError("Editing the tree needs agency-wide access; this one is limited to a department.");
    }
    let modelBefore: Promise<HealthModel> | null = null;
    const loadModel = () => (modelBefore ??= loadHealthModel(db, agency));
    // The engine compares the tree before and after the change, so "before" must be read before `work` writes
    // anything (loaded lazily, a write that never asked for it recomputed against the tree after it and stored
    // stale health). Some writes are exempt: commentary and publishing cannot change health, and setting measurements is
    // idempotent on the model (the tree after the write, with the change applied again, is the tree after it), so
    // for them only the part of the tree the new values reach is read, after the write — a measurement write then
    // costs what it reaches, not what the tree holds.
    const isMeasurementWrite = permission === "measurement:write";
    const canChangeHealth = permission !== "commentary:write" && permission !== "publish";
    if (canChangeHealth && !isMeasurementWrite) await loadModel();
    const outcome = await work({ db, principal: caller, agency, branch, asOf, loadModel });
    const update = await toHealthUpdate(outcome, loadModel, isMeasurementWrite);
    const { recomputedNodes } = await updateStoredHealth(db, agency, asOf, update);
    await recordAudit(db, caller, outcome.audit);
    return { ...outcome.value, recomputedNodes };
  }, TRANSACTION_OPTIONS);
}

/** What a write's outcome changed, as the health service takes it (lib/dal/health/service.ts). */
async function toHealthUpdate<T>(
  outcome: WriteOutcome<T>,
  loadModel: () => Promise<HealthModel>,
  isMeasurementWrite: boolean,
): Promise<HealthUpdate> {
  if (outcome.recomputesWholeTree) return { kind: "whole" };
  if (outcome.changes.length === 0) return { kind: "none" };
  if (isMeasurementWrite || outcome.measuredKpiIds !== undefined) {
    // The model was not loaded before such a write: it must say which KPIs it measured.
    if (outcome.measuredKpiIds === undefined) throw new Error("A measurement write must report the KPIs it measured.");
    const edits = outcome.changes.flatMap((change) => {
      if (change.type !== "measurements") throw new Error("A measurement write must report only measurements.");
      return change.measurements;
    });
    return { kind: "measurements", edits, kpiIds: outcome.measuredKpiIds };
  }
  return { kind: "changes", before: await loadModel(), changes: outcome.changes };
}

/** Maps a unique-constraint violation to a conflict the user can act on. */
export function rethrowUniqueViolation(error: unknown, message: string): never {
  if (typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002") {
    throw new ConflictError(message);
  }
  throw error;
}
