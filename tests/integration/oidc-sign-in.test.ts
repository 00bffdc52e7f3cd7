// Attack (issue 13, item 7): single sign-on matched users on the email claim alone, so whoever could make a provider
// claim someone's email (unverified, or changed in their own profile) signed in as that person. These tests perform
// each attack against the admission rule and check that it fails and that nothing changed; the browser journey
// through a real OpenID provider is tests/e2e/single-sign-on.spec.ts.
import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { admitOidcSignIn, findActiveUserIdByOidcIdentity, type OidcIdentity } from "@/lib/dal/sign-in";
import { createFixtureAgency, type Fixture } from "./support/fixtures";

const ISSUER = "https://sso.test.example";
let fixture: Fixture;
let counter = 0;

async function createUser(isActive = true) {
  counter += 1;
  const email = `sso${counter}.${process.pid}@oidc.example`;
  const user = await getPrisma().user.create({
    data: { agencyId: fixture.agencyId, email, name: "Person", role: "EXECUTIVE", isActive },
  });
  return { id: user.id, email };
}

const identity = (subject: string, email: string | null, emailVerified: unknown = true): OidcIdentity => ({
  issuer: ISSUER,
  subject: `${subject}-${process.pid}`,
  email,
  emailVerified,
});

const bindingOf = (userId: string) =>
  getPrisma().user.findUniqueOrThrow({ where: { id: userId }, select: { oidcIssuer: true, oidcSubject: true } });

const oidcAudit = (userId: string) =>
  getPrisma().auditEvent.findMany({
    where: { actorUserId: userId, entityType: "session", action: { startsWith: "auth.signIn" } },
    orderBy: { createdAt: "asc" },
    select: { action: true, after: true },
  });

beforeAll(async () => {
  fixture = await createFixtureAgency("SSO City");
});

describe("the first single sign-on", () => {
  test("binds the verified email's account to the provider's issuer and subject, and audits the sign-in", async () => {
    const user = await createUser();
    const outcome = await admitOidcSignIn(identity("first", user.email.toUpperCase()));
    expect(outcome).toEqual({ ok: true, userId: user.id });
    expect(await bindingOf(user.id)).toEqual({ oidcIssuer: ISSUER, oidcSubject: `first-${process.pid}` });
    expect(await findActiveUserIdByOidcIdentity(ISSUER, `first-${process.pid}`)).toBe(user.id);
    expect(await oidcAudit(user.id)).toEqual([
      {
        action: "auth.signIn.success",
        after: { method: "oidc", issuer: ISSUER, subject: `first-${process.pid}`, emailClaim: user.email },
      },
    ]);
  });

  test.each([
    ["false", false],
    ['the string "true"', "true"],
    ["missing", undefined],
  ])("is refused when email_verified is %s, and binds nothing", async (_label, emailVerified) => {
    const user = await createUser();
    const outcome = await admitOidcSignIn({ ...identity(`unverified-${counter}`, user.email), emailVerified });
    expect(outcome).toEqual({ ok: false, reason: "email not verified" });
    expect(await bindingOf(user.id)).toEqual({ oidcIssuer: null, oidcSubject: null });
    const refusals = await getPrisma().auditEvent.findMany({
      where: { action: "auth.signIn.failure", entityCode: user.email },
      select: { after: true },
    });
    expect(refusals).toEqual([{ after: expect.objectContaining({ method: "oidc", reason: "email not verified" }) }]);
  });

  test("is refused for an email no account has, and for a deactivated account", async () => {
    expect(await admitOidcSignIn(identity("nobody", `nobody.${process.pid}@oidc.example`))).toEqual({
      ok: false,
      reason: "unknown account",
    });
    const inactive = await createUser(false);
    expect(await admitOidcSignIn(identity("inactive", inactive.email))).toEqual({ ok: false, reason: "deactivated" });
    expect(await bindingOf(inactive.id)).toEqual({ oidcIssuer: null, oidcSubject: null });
  });
});

describe("once bound", () => {
  test("a changed email claim still signs in the bound account, and only that one", async () => {
    const user = await createUser();
    const other = await createUser();
    await admitOidcSignIn(identity("mover", user.email));
    // The person's email changes at the provider (even to a colleague's address): the subject decides.
    expect(await admitOidcSignIn(identity("mover", `renamed.${process.pid}@oidc.example`))).toEqual({
      ok: true,
      userId: user.id,
    });
    expect(await admitOidcSignIn(identity("mover", other.email))).toEqual({ ok: true, userId: user.id });
    expect(await bindingOf(other.id)).toEqual({ oidcIssuer: null, oidcSubject: null });
  });

  test("another identity claiming the bound account's verified email is refused; the binding stays", async () => {
    const victim = await createUser();
    await admitOidcSignIn(identity("victim", victim.email));
    const outcome = await admitOidcSignIn(identity("attacker", victim.email));
    expect(outcome).toEqual({ ok: false, reason: "account bound to another identity" });
    expect(await bindingOf(victim.id)).toEqual({ oidcIssuer: ISSUER, oidcSubject: `victim-${process.pid}` });
    expect(await findActiveUserIdByOidcIdentity(ISSUER, `attacker-${process.pid}`)).toBeNull();
  });

  test("the same subject from another issuer is another identity", async () => {
    const user = await createUser();
    await admitOidcSignIn(identity("shared-sub", user.email));
    const elsewhere = { ...identity("shared-sub", user.email), issuer: "https://other-idp.example" };
    expect(await admitOidcSignIn(elsewhere)).toEqual({ ok: false, reason: "account bound to another identity" });
    expect(await findActiveUserIdByOidcIdentity(elsewhere.issuer, elsewhere.subject)).toBeNull();
  });

  test("a bound account that is deactivated no longer signs in", async () => {
    const user = await createUser();
    await admitOidcSignIn(identity("leaver", user.email));
    await getPrisma().user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await admitOidcSignIn(identity("leaver", user.email))).toEqual({ ok: false, reason: "deactivated" });
    expect(await findActiveUserIdByOidcIdentity(ISSUER, `leaver-${process.pid}`)).toBeNull();
  });

  test("two first sign-ins racing for one account bind exactly one identity", async () => {
    const user = await createUser();
    const outcomes = await Promise.all([
      admitOidcSignIn(identity("racer-a", user.email)),
      admitOidcSignIn(identity("racer-b", user.email)),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    const binding = await bindingOf(user.id);
    const winner = outcomes[0].ok ? `racer-a-${process.pid}` : `racer-b-${process.pid}`;
    expect(binding).toEqual({ oidcIssuer: ISSUER, oidcSubject: winner });
  });
});

describe("an email with accounts in several agencies (accounts belong to an agency, issue 13, item 14d)", () => {
  let otherAgencyId: string;
  beforeAll(async () => {
    otherAgencyId = (await createFixtureAgency("Second SSO Town")).agencyId;
  });

  const createTwin = (email: string, isActive = true) =>
    getPrisma().user.create({
      data: { agencyId: otherAgencyId, email, name: "Twin", role: "EXECUTIVE", isActive },
      select: { id: true },
    });

  test("binding a new identity is refused when several active accounts have its email, audited in no agency", async () => {
    const user = await createUser();
    const twin = await createTwin(user.email);
    expect(await admitOidcSignIn(identity("ambiguous", user.email))).toEqual({
      ok: false,
      reason: "several accounts with this email",
    });
    for (const id of [user.id, twin.id]) expect(await bindingOf(id)).toEqual({ oidcIssuer: null, oidcSubject: null });
    expect(await findActiveUserIdByOidcIdentity(ISSUER, `ambiguous-${process.pid}`)).toBeNull();
    // Neither agency's log says so: it would tell its admins that another agency has an account with the email.
    const refusals = await getPrisma().auditEvent.findMany({
      where: { action: "auth.signIn.failure", entityCode: user.email },
      select: { agencyId: true, actorUserId: true, after: true },
    });
    expect(refusals).toEqual([
      {
        agencyId: null,
        actorUserId: null,
        after: expect.objectContaining({ method: "oidc", reason: "several accounts with this email" }),
      },
    ]);
  });

  test("an identity bound before the email gained a second account keeps signing in to its own", async () => {
    const user = await createUser();
    await admitOidcSignIn(identity("early", user.email));
    const twin = await createTwin(user.email);
    expect(await admitOidcSignIn(identity("early", user.email))).toEqual({ ok: true, userId: user.id });
    expect(await findActiveUserIdByOidcIdentity(ISSUER, `early-${process.pid}`)).toBe(user.id);
    expect(await bindingOf(twin.id)).toEqual({ oidcIssuer: null, oidcSubject: null });
  });

  test("a deactivated account elsewhere leaves the email unambiguous: the active one is bound", async () => {
    const user = await createUser();
    const twin = await createTwin(user.email, false);
    expect(await admitOidcSignIn(identity("one-active", user.email))).toEqual({ ok: true, userId: user.id });
    expect(await bindingOf(twin.id)).toEqual({ oidcIssuer: null, oidcSubject: null });
  });
});
