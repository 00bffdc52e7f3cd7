// Issue 13, item 14: an admin probing emails through "create user" must learn no more about another agency's
// accounts than about their own. Both duplicates get the same refusal, with nothing of the other account in it, and
// nothing changes in either agency. (What remains, and is not fixed here: since one email signs in to one account
// across all agencies, a refusal still says that the email is taken somewhere; closing that takes invitations by
// set-password link (item 6), whose answer is the same whatever the email, or per-agency emails.)
import { beforeAll, describe, expect, test } from "vitest";
import { adminHandlers } from "@/lib/actions/admin-handlers";
import { getPrisma } from "@/lib/db";
import { createFixtureAgency, type Fixture } from "./support/fixtures";
import { expectNothingChanged } from "./support/expectations";

let fixture: Fixture;
let other: Fixture;
const ownEmail = `own.${process.pid}.${Date.now().toString(36)}@example.gov`;
const theirEmail = `theirs.${process.pid}.${Date.now().toString(36)}@example.gov`;

describe("create user with an email that exists", () => {
  beforeAll(async () => {
    fixture = await createFixtureAgency("Probing City");
    other = await createFixtureAgency("Probed Town");
    const make = (agencyId: string, email: string, name: string) =>
      getPrisma().user.create({ data: { agencyId, email, name, role: "PERFORMANCE_OFFICER", passwordHash: "x" } });
    await make(fixture.agencyId, ownEmail, "Own Officer");
    await make(other.agencyId, theirEmail, "Their Secret Officer");
  });

  test("answers the same whether the account is in the admin's agency or another, and changes nothing", async () => {
    const admin = fixture.principal("ADMIN");
    const attempt = (email: string) =>
      adminHandlers.createUser(admin, { email, name: "Probe", role: "EXECUTIVE", department: null });
    const [own, theirs, theirsUpperCase] = await expectNothingChanged([fixture.agencyId, other.agencyId], async () => [
      await attempt(ownEmail),
      await attempt(theirEmail),
      await attempt(theirEmail.toUpperCase()),
    ]);
    expect(own.ok).toBe(false);
    expect(theirs).toEqual(own);
    expect(theirsUpperCase).toEqual(own);
    const text = JSON.stringify(theirs);
    for (const secret of ["Probed Town", other.slug, "Their Secret Officer", "PERFORMANCE_OFFICER", "another agency"])
      expect(text).not.toContain(secret);
  });
});
