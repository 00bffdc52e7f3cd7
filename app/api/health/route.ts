import { checkDatabase } from "@/lib/dal/system";
import { appVersion } from "@/lib/version";

// Never cached: a load balancer must see the database as it is now.
export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  const body = { status: database.isUp ? "ok" : "unavailable", version: appVersion, database };
  return Response.json(body, { status: database.isUp ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
