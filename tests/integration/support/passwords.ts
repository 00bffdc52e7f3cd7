// Set-password links in tests: the token a link carries, and a person choosing their password through it.
import { getPrisma } from "@/lib/db";
import { setPasswordWithToken, type SetupLinkDto } from "@/lib/dal/passwords";

export const TEST_PASSWORD = "correct horse battery staple";

export function tokenOf(link: SetupLinkDto): string {
  const token = new URL(link.path, "http://localhost").searchParams.get("token");
  if (!token) throw new Error(`no token in ${link.path}`);
  return token;
}

/** The person behind a link chooses a password through it; returns that password. */
export async function choosePassword(link: SetupLinkDto, password = TEST_PASSWORD): Promise<string> {
  await setPasswordWithToken({ token: tokenOf(link), password, confirmPassword: password });
  return password;
}

/** Everything about these agencies' accounts: users (with hashes and flags), links, sessions and audit rows. */
export async function snapshotAccounts(agencyIds: readonly string[]) {
  const prisma = getPrisma();
  const where = { agencyId: { in: [...agencyIds] } };
  const [users, links, sessions, audit] = await Promise.all([
    prisma.user.findMany({ where, orderBy: { id: "asc" } }),
    prisma.passwordSetupToken.findMany({ where, orderBy: { id: "asc" } }),
    prisma.userSession.findMany({ where: { user: where }, orderBy: { id: "asc" } }),
    prisma.auditEvent.findMany({ where, orderBy: { id: "asc" } }),
  ]);
  return { users, links, sessions, audit };
}
