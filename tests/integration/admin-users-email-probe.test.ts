// Attack (issue 13, item 14d): emails were unique across agencies, so when an admin of one agency added a user whose
// email had an account in another agency, the refusal ("An account with this email exists already.") told them that
// the person had an account elsewhere. Accounts now belong to an agency: the same email in another agency is simply a
// new, separate account, and nothing the admin gets back or can read afterwards depends on the other agency's one.
import { beforeEach, describe, expect, test } from "vitest";
import { adminHandlers } from "@/lib/actions/admin-handlers";
import { listUsers } from "@/lib/dal/admin-users";
import { getPrisma } from "@/lib/db";
import { createFixtureAgency, type Fixture } from "./support/fixtures";
import { expectNothingChanged } from "./support/expectations";
import { snapshotAccounts } from "./support/passwords";

let prober: Fixture;
let probed: Fixture;
let counter = 0;
const newEmail = (name: string) => `${name}.${process.pid}.${Date.now().toString(36)}.${++counter}@example.gov`;

const SECRETS = ["Probed Town", "Their Secret Officer", "PERFORMANCE_OFFICER", "another agency", "elsewhere"];

/** The agency's audit log as its admin reads it: every row of that agency. */
const auditOf = (agencyId: string) =>
  getPrisma().auditEvent.findMany({ where: { agencyId }, orderBy: { createdAt: "asc" } });

/** What an answer says once the values that differ for any two new users (ids, emails, tokens, times) are masked. */
function shapeOf(value: unknown, masked: readonly string[]): string {
  let text = JSON.stringify(value);
  for (const secret of masked) text = text.split(secret).join("<masked>");
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
    .replace(/token=[A-Za-z0-9_-]+/g, "token=<token>")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, "<time>");
}

describe("an admin adds a user whose email has an account in another agency", () => {
  let theirEmail: string;
  let theirUserId: string;

  beforeEach(async () => {
    prober = await createFixtureAgency("Probing City");
    probed = await createFixtureAgency("Probed Town");
    theirEmail = newEmail("theirs");
    const theirs = await getPrisma().user.create({
      data: {
        agencyId: probed.agencyId,
        email: theirEmail,
        name: "Their Secret Officer",
        role: "PERFORMANCE_OFFICER",
        passwordHash: "x",
      },
    });
    theirUserId = theirs.id;
  });

  test("succeeds, creates a separate account, and answers exactly as for an email nobody has", async () => {
    const admin = prober.principal("ADMIN");
    const add = (email: string) =>
      adminHandlers.createUser(admin, { email, name: "Probe", role: "EXECUTIVE", department: null });
    const freshEmail = newEmail("fresh");
    // The other agency's accounts, links, sessions and audit log stay exactly as they were.
    const [theirs, fresh] = await expectNothingChanged([probed.agencyId], async () => {
      const before = await snapshotAccounts([probed.agencyId]);
      const answers = [await add(theirEmail.toUpperCase()), await add(freshEmail)];
      expect(await snapshotAccounts([probed.agencyId])).toEqual(before);
      return answers;
    });
    expect(theirs).toMatchObject({ ok: true, data: { user: { email: theirEmail, name: "Probe", role: "EXECUTIVE" } } });
    expect(shapeOf(theirs, [theirEmail])).toEqual(shapeOf(fresh, [freshEmail]));
    expect(JSON.stringify(theirs)).not.toContain(theirUserId);
    for (const secret of [...SECRETS, probed.slug]) expect(JSON.stringify(theirs)).not.toContain(secret);

    // Two accounts now, one in each agency, the other agency's untouched.
    const accounts = await getPrisma().user.findMany({
      where: { email: theirEmail },
      select: { id: true, agencyId: true, name: true, role: true, passwordHash: true },
    });
    expect(accounts).toHaveLength(2);
    expect(accounts).toContainEqual({
      id: theirUserId,
      agencyId: probed.agencyId,
      name: "Their Secret Officer",
      role: "PERFORMANCE_OFFICER",
      passwordHash: "x",
    });
    expect(accounts.find((account) => account.id !== theirUserId)).toMatchObject({
      agencyId: prober.agencyId,
      name: "Probe",
      passwordHash: null,
    });
  });

  test("the admin's user list and audit log show their own account only, as for an email nobody has", async () => {
    const admin = prober.principal("ADMIN");
    const freshEmail = newEmail("fresh");
    const auditBefore = (await auditOf(prober.agencyId)).length;
    for (const email of [theirEmail, freshEmail]) {
      await adminHandlers.createUser(admin, { email, name: "Probe", role: "EXECUTIVE", department: null });
    }
    const listed = await listUsers(admin);
    expect(listed.filter((user) => user.email === theirEmail)).toHaveLength(1);
    expect(listed.map((user) => user.id)).not.toContain(theirUserId);
    const ownAudit = (await auditOf(prober.agencyId)).slice(auditBefore);
    expect(ownAudit.map((event) => event.action)).toEqual(["user.create", "user.create"]);
    const [theirsEvent, freshEvent] = ownAudit;
    expect(shapeOf({ ...theirsEvent, id: null, createdAt: null }, [theirEmail])).toEqual(
      shapeOf({ ...freshEvent, id: null, createdAt: null }, [freshEmail]),
    );
    const text = JSON.stringify(ownAudit);
    expect(text).not.toContain(theirUserId);
    for (const secret of [...SECRETS, probed.slug]) expect(text).not.toContain(secret);
  });

  test("a duplicate in the admin's own agency is still refused, on the email field, and changes nothing", async () => {
    const admin = prober.principal("ADMIN");
    const add = (email: string) =>
      adminHandlers.createUser(admin, { email, name: "Again", role: "EXECUTIVE", department: null });
    expect(await add(theirEmail)).toMatchObject({ ok: true });
    const refusals = await expectNothingChanged([prober.agencyId, probed.agencyId], async () => [
      await add(theirEmail),
      await add(theirEmail.toUpperCase()),
    ]);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        ok: false,
        fieldErrors: { email: ["An account with this email exists already in this agency."] },
      });
      for (const secret of [...SECRETS, probed.slug, theirUserId])
        expect(JSON.stringify(refusal)).not.toContain(secret);
    }
  });
});
