// Run by `npm start` (scripts/run-app.mjs) before serving: exits 3, naming the accounts, while any
// user can still sign in with the demo seed's password, which the README publishes.
// Runs under tsx --conditions=react-server with DATABASE_URL set.
import { listUsersWithPassword } from "../lib/dal/operator";
import { DEMO_PASSWORD } from "../prisma/seed-data/riverton";

const EXIT_DEMO_PASSWORD_FOUND = 3;

listUsersWithPassword(DEMO_PASSWORD)
  .then((accounts) => {
    if (accounts.length === 0) {
      console.log("[throughline] no user has the demo password");
      process.exit(0);
    }
    console.error(
      `[throughline] refusing to start: ${accounts.length} user(s) still have the demo password ` +
        `(${accounts.join(", ")}). Change their passwords or deactivate them, or run the demo with \`npm start -- --demo\`.`,
    );
    process.exit(EXIT_DEMO_PASSWORD_FOUND);
  })
  .catch((error: unknown) => {
    console.error(
      `[throughline] could not check for demo passwords: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  });
