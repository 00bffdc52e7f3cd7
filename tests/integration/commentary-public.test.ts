// Attack tests (issue 13, item 8): commentary forms sent isInternal=false and offered no choice, so a department head's
// or an executive's comment on a published KPI reached the public dashboard at once. Commentary is now internal unless
// someone with `publish` makes it public; anyone else asking for public is refused, on adding and on editing.
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import { treeHandlers } from "@/lib/actions/tree-handlers";
import { addCommentary, updateCommentary } from "@/lib/dal/commentary";
import { getPublicKpi } from "@/lib/dal/public-read";
import { setPublished } from "@/lib/dal/publishing";
import { ForbiddenError } from "@/lib/errors";
import { rejectionOf } from "./support/expectations";
import { createFixtureAgency, snapshotAgency, type Fixture } from "./support/fixtures";

let fixture: Fixture;
const officer = () => fixture.principal("PERFORMANCE_OFFICER");
const head = () => fixture.principal("DEPARTMENT_HEAD", "PLN");
const executive = () => fixture.principal("EXECUTIVE");

beforeEach(async () => {
  fixture = await createFixtureAgency("Commentary City");
  const id = fixture.kpis["permits.issued"]!;
  const { version } = await getPrisma().kpi.findUniqueOrThrow({ where: { id } });
  await setPublished(officer(), { kind: "kpi", id, version, published: true });
});

const publicBodies = async () =>
  ((await getPublicKpi(fixture.slug, "permits.issued"))?.kpi.commentary ?? []).map((entry) => entry.body);

const comment = (principal: Principal, body: string, isPublic: boolean) =>
  addCommentary(principal, { nodeKind: "kpi", code: "permits.issued", period: "2026-06", body, isPublic });

describe("adding commentary", () => {
  test.each([
    ["a department head", head],
    ["an executive", executive],
  ])("%s asking for a public comment is refused, and nothing is stored or shown", async (_, who) => {
    const before = await snapshotAgency(fixture.agencyId);
    const refused = await rejectionOf(comment(who(), "Our numbers are wrong.", true));
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(refused.message).toMatch(/^Only someone who may publish can show commentary on the public dashboard\./);
    const viaAction = await treeHandlers.addCommentary(who(), {
      nodeKind: "kpi",
      code: "permits.issued",
      body: "Our numbers are wrong.",
      isPublic: true,
    });
    expect(viaAction).toMatchObject({ ok: false, message: refused.message });
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
    expect(await publicBodies()).toEqual([]);
  });

  test("what the old form posted (isInternal=false) from a department head is now stored internal, never public", async () => {
    const result = await treeHandlers.addCommentary(head(), {
      nodeKind: "kpi",
      code: "permits.issued",
      body: "Draft: two reviewers out.",
      isInternal: false,
    });
    expect(result).toMatchObject({ ok: true, data: { commentary: { isInternal: true } } });
    expect(await publicBodies()).toEqual([]);
  });

  test("a performance officer (publish) may make a comment public; unasked, theirs is internal too", async () => {
    await comment(officer(), "Internal note.", false);
    const shown = await comment(officer(), "Permits rose after hiring.", true);
    expect(shown.commentary.isInternal).toBe(false);
    expect(await publicBodies()).toEqual(["Permits rose after hiring."]);
  });
});

describe("editing commentary", () => {
  test("a department head cannot flip their internal comment public; it stays as it was", async () => {
    const { commentary } = await comment(head(), "Internal for now.", false);
    const before = await snapshotAgency(fixture.agencyId);
    const refused = await rejectionOf(
      updateCommentary(head(), { id: commentary.id, version: 1, body: "Now for everyone.", isPublic: true }),
    );
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
    expect(await publicBodies()).toEqual([]);
  });

  test("a head's edit of a comment an officer made public takes it off the dashboard until it is shown again", async () => {
    const { commentary } = await comment(head(), "Reviewers were out.", false);
    await updateCommentary(officer(), { id: commentary.id, version: 1, body: "Reviewers were out.", isPublic: true });
    expect(await publicBodies()).toEqual(["Reviewers were out."]);
    const edited = await updateCommentary(head(), {
      id: commentary.id,
      version: 2,
      body: "Reviewers were out; unvetted words.",
      isPublic: false,
    });
    expect(edited.commentary).toMatchObject({ isInternal: true, version: 3 });
    expect(await publicBodies()).toEqual([]);
  });
});
