// Attack (issue 13, item 14): server actions used to validate their input before authorizing, so an anonymous or
// unauthorized caller learned every action's field rules, and could tell a refused call from a malformed one by how
// the answer changed with the input. Every action handler, called by anyone without its permission, must now give
// the same refusal whatever the input, and change nothing.
import { beforeAll, describe, expect, test } from "vitest";
import type { ActionResult } from "@/lib/actions/action-result";
import { adminHandlers } from "@/lib/actions/admin-handlers";
import { kpiLibraryHandlers } from "@/lib/actions/kpi-library-handlers";
import { publishingHandlers } from "@/lib/actions/publishing-handlers";
import { templateHandlers } from "@/lib/actions/template-handlers";
import { treeHandlers } from "@/lib/actions/tree-handlers";
import { ENTRY_POINTS } from "@/lib/auth/entry-points";
import { PERMISSIONS, permissionsOf, ROLES, TOKEN_SCOPES, type Principal } from "@/lib/auth/permissions";
import { createFixtureAgency, type Fixture } from "./support/fixtures";
import { expectNothingChanged } from "./support/expectations";

type Handler = (principal: Principal | null, rawInput: unknown) => Promise<ActionResult<unknown>>;

const HANDLERS: [string, Handler][] = [
  ...Object.entries(treeHandlers),
  ...Object.entries(adminHandlers),
  ...Object.entries(kpiLibraryHandlers),
  ...Object.entries(publishingHandlers),
  ...Object.entries(templateHandlers),
];

// Missing, malformed and plausible-looking inputs: a validating handler answers each differently.
const INPUTS: unknown[] = [
  undefined,
  null,
  "junk",
  [],
  {},
  { id: "not-a-uuid", version: -1, code: "", title: 42, kind: "nothing" },
  { code: "O9", plan: "PLAN", title: "An objective", email: "someone@example.org", role: "ADMIN", name: "x" },
];

const SIGN_IN: ActionResult<unknown> = { ok: false, message: "Sign in to continue." };
const FORBIDDEN: ActionResult<unknown> = { ok: false, message: "You are not allowed to do that." };

let fixture: Fixture;

function permissionOf(name: string) {
  const entry = ENTRY_POINTS.find((point) => point.kind === "action" && point.name === `${name}Action`);
  const permission = entry?.permission;
  expect((PERMISSIONS as readonly string[]).includes(permission ?? ""), `${name}: ${permission}`).toBe(true);
  return permission!;
}

/** Every user role and every single-scope token that lacks the permission. */
function callersWithout(permission: string): [string, Principal][] {
  const callers: [string, Principal][] = [
    ...ROLES.map((role): [string, Principal] => [
      role,
      fixture.principal(role, role === "DEPARTMENT_HEAD" ? "PW" : undefined),
    ]),
    ...TOKEN_SCOPES.map((scope): [string, Principal] => [`token ${scope}`, fixture.token([scope])]),
  ];
  return callers.filter(([, principal]) => !(permissionsOf(principal) as ReadonlySet<string>).has(permission));
}

describe("every server action authorizes before it reads its input", () => {
  beforeAll(async () => {
    fixture = await createFixtureAgency("Authorize First");
  });

  test("the registry gives every handler a permission", () => {
    expect(HANDLERS.length).toBeGreaterThan(40);
    for (const [name] of HANDLERS) permissionOf(name);
  });

  test("an anonymous caller gets the same refusal whatever the input, and nothing changes", async () => {
    await expectNothingChanged(fixture.agencyId, async () => {
      for (const [name, handler] of HANDLERS) {
        for (const input of INPUTS)
          expect(await handler(null, input), `${name} ${JSON.stringify(input)}`).toEqual(SIGN_IN);
      }
    });
  });

  test("a caller without the permission gets the same refusal whatever the input, and nothing changes", async () => {
    let refusals = 0;
    await expectNothingChanged(fixture.agencyId, async () => {
      for (const [name, handler] of HANDLERS) {
        for (const [caller, principal] of callersWithout(permissionOf(name))) {
          for (const input of INPUTS) {
            expect(await handler(principal, input), `${name} as ${caller}: ${JSON.stringify(input)}`).toEqual(
              FORBIDDEN,
            );
            refusals += 1;
          }
        }
      }
    });
    expect(refusals).toBeGreaterThan(HANDLERS.length * INPUTS.length);
  });
});
