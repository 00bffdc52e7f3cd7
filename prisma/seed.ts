// Demo data for a fresh install (`npm run db:seed`; `npm run dev` runs it on an empty
// database). It never touches a database that already holds an agency.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client";

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  try {
    const agencyCount = await prisma.agency.count();
    if (agencyCount > 0) {
      console.log(`[seed] the database already holds ${agencyCount} agency(ies): nothing seeded`);
      return;
    }
    await prisma.agency.create({
      data: { slug: "riverton", name: "City of Riverton", fiscalYearStartMonth: 7 },
    });
    console.log("[seed] seeded the demo agency City of Riverton (slug riverton)");
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`[seed] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
