import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { CheckboxGroup, SelectField, TextField } from "@/components/admin/form-fields";
import { formatUtcDateTime } from "@/components/admin/format";
import { SCOPE_OPTIONS, TOKEN_LIFETIME_OPTIONS, toDepartmentOptions } from "@/components/admin/options";
import { listDepartments } from "@/lib/dal/admin-departments";
import { listApiTokens, type ApiTokenDto } from "@/lib/dal/admin-tokens";
import { DEFAULT_TOKEN_LIFETIME_DAYS } from "@/lib/validation/admin";
import { requireAdminPage } from "../page-access";
import { createApiTokenAction, revokeApiTokenAction, rotateApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

function describeStatus(token: ApiTokenDto): string {
  if (token.revokedAt) return `Revoked ${formatUtcDateTime(token.revokedAt)}`;
  if (token.isExpired) return `Expired ${formatUtcDateTime(token.expiresAt)}`;
  return "Active";
}

export default async function TokensPage() {
  const principal = await requireAdminPage("admin:tokens");
  const [tokens, departments] = await Promise.all([listApiTokens(principal), listDepartments(principal)]);
  const rotatable = tokens.filter((token) => token.revokedAt === null);
  return (
    <>
      <h1>API tokens</h1>
      <p>
        Departmental systems (311, finance, HR, surveys) send data to the API with a token. Only a token&apos;s first
        characters are kept in the clear, so that you can tell tokens apart; the whole token is shown once, when it is
        created. Every token expires; rotating one gives it a new secret with the same scopes and department and stops
        the old secret at once.
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
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
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
                <td>{formatUtcDateTime(token.expiresAt)}</td>
                <td>{describeStatus(token)}</td>
                <td>
                  {token.revokedAt ? null : (
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

      {rotatable.length > 0 ? (
        // Its own section, not a button in the token's row: the rotated token's row loses its actions once revoked,
        // and the new secret, shown once, must stay on screen.
        <section aria-labelledby="rotate-token-heading">
          <h2 id="rotate-token-heading">Rotate a token</h2>
          <ActionForm
            action={rotateApiTokenAction}
            label="Rotate a token"
            submitLabel="Rotate token"
            successMessage="Token rotated: the old secret no longer works. Give the new one to the system that uses it."
            secret={{ key: "secret", label: "New API token" }}
          >
            <SelectField
              name="id"
              label="Token"
              hint="The new token keeps its name, scopes and department; the old secret stops working at once."
              options={rotatable.map((token) => ({
                value: token.id,
                label: `${token.name} (${token.prefix}…)${token.isExpired ? ", expired" : ""}`,
              }))}
            />
            <SelectField
              name="expiresInDays"
              label="New token valid for"
              options={TOKEN_LIFETIME_OPTIONS}
              defaultValue={String(DEFAULT_TOKEN_LIFETIME_DAYS)}
            />
          </ActionForm>
        </section>
      ) : null}

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
          <SelectField
            name="expiresInDays"
            label="Valid for"
            hint="After this the token stops working; rotate it before then."
            options={TOKEN_LIFETIME_OPTIONS}
            defaultValue={String(DEFAULT_TOKEN_LIFETIME_DAYS)}
          />
        </ActionForm>
      </section>
    </>
  );
}
