import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { CheckboxGroup, SelectField, TextField } from "@/components/admin/form-fields";
import { formatUtcDateTime } from "@/components/admin/format";
import { SCOPE_OPTIONS, toDepartmentOptions } from "@/components/admin/options";
import { listDepartments } from "@/lib/dal/admin-departments";
import { listApiTokens } from "@/lib/dal/admin-tokens";
import { requireAdminPage } from "../page-access";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const principal = await requireAdminPage("admin:tokens");
  const [tokens, departments] = await Promise.all([listApiTokens(principal), listDepartments(principal)]);
  return (
    <>
      <h1>API tokens</h1>
      <p>
        Departmental systems (311, finance, HR, surveys) send data to the API with a token. Only a token&apos;s first
        characters are kept in the clear, so that you can tell tokens apart; the whole token is shown once, when it is
        created.
      </p>
      {tokens.length === 0 ? (
        <p>No API tokens yet.</p>
      ) : (
        <table className="data-table">
          <caption>API tokens of this agency, newest first ({tokens.length})</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Scopes</th>
              <th scope="col">Department</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <th scope="row">{token.name}</th>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td>{token.scopes.join(", ")}</td>
                <td>{token.department ?? "All"}</td>
                <td>
                  {formatUtcDateTime(token.createdAt)}
                  {token.createdBy ? ` by ${token.createdBy}` : ""}
                </td>
                <td>{formatUtcDateTime(token.lastUsedAt)}</td>
                <td>
                  {token.revokedAt ? (
                    `Revoked ${formatUtcDateTime(token.revokedAt)}`
                  ) : (
                    <ActionForm
                      action={revokeApiTokenAction}
                      label={`Revoke ${token.name}`}
                      submitLabel={`Revoke ${token.name}`}
                      successMessage="Token revoked."
                      isSecondary
                    >
                      <input type="hidden" name="id" value={token.id} />
                    </ActionForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <section aria-labelledby="add-token-heading">
        <h2 id="add-token-heading">Create a token</h2>
        <ActionForm
          action={createApiTokenAction}
          label="Create a token"
          submitLabel="Create token"
          successMessage="Token created. Give it to the system that will use it, as an Authorization: Bearer header."
          secret={{ key: "secret", label: "API token" }}
          resetOnSuccess
        >
          <TextField
            name="name"
            label="Name"
            hint="Which system uses it, e.g. 311 CRM feed."
            autoComplete="off"
            isRequired
          />
          <CheckboxGroup name="scopes" legend="Scopes" hint="Choose at least one." options={SCOPE_OPTIONS} />
          <SelectField
            name="department"
            label="Department"
            hint="Limit the token to one department and its sub-departments, or leave it agency-wide."
            options={toDepartmentOptions(departments, "All departments")}
            defaultValue=""
          />
        </ActionForm>
      </section>
    </>
  );
}
