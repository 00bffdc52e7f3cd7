import type { SessionDto } from "@/lib/dal/sessions";
import { formatTimestamp } from "@/components/format/periods";

/** The user's open sessions, and the button that ends them all. */
export function SessionList({
  sessions,
  signOutEverywhereAction,
}: {
  sessions: readonly SessionDto[];
  signOutEverywhereAction: () => Promise<void>;
}) {
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in ({sessions.length})</h2>
      <p>
        A session ends after 8 hours without use, 12 hours after signing in in any case, when you sign out, and when an
        admin resets your password or changes your role.
      </p>
      <table className="usa-table usa-table--compact">
        <caption>Your open sessions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Signed in</th>
            <th scope="col">Last used</th>
            <th scope="col">Ends at the latest</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.id}>
              <th scope="row">
                {formatTimestamp(session.createdAt)}
                {session.isCurrent ? <span className="usa-tag margin-left-1">This browser</span> : null}
              </th>
              <td>{formatTimestamp(session.lastSeenAt)}</td>
              <td>{formatTimestamp(session.expiresAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form action={signOutEverywhereAction}>
        <button type="submit" className="usa-button usa-button--secondary">
          Sign out everywhere
        </button>
      </form>
    </section>
  );
}
