import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { SelectField, TextField } from "@/components/admin/form-fields";
import { formatUtcDateTime } from "@/components/admin/format";
import { toDepartmentOptions } from "@/components/admin/options";
import { listDepartments, type DepartmentDto } from "@/lib/dal/admin-departments";
import { requireAdminPage } from "../../page-access";
import { moveDepartmentAction, renameDepartmentAction, retireDepartmentAction } from "../actions";

export const metadata: Metadata = { title: "Department" };

/** The department and everything under it: none of them can become its parent. */
function collectBranch(departments: readonly DepartmentDto[], root: DepartmentDto): Set<string> {
  const branch = new Set([root.code]);
  // Tree order lists a parent before its children.
  for (const department of departments) {
    if (department.parent !== null && branch.has(department.parent)) branch.add(department.code);
  }
  return branch;
}

export default async function DepartmentPage({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requireAdminPage("admin:departments");
  const { id } = await params;
  const departments = await listDepartments(principal);
  const department = departments.find((row) => row.id === id);
  if (!department) notFound();
  const branch = collectBranch(departments, department);
  const parentOptions = toDepartmentOptions(
    departments.filter((row) => !branch.has(row.code)),
    "None (top level)",
  );
  const children = departments.filter((row) => row.parent === department.code);
  return (
    <>
      <p>
        <Link href="/admin/departments">All departments</Link>
      </p>
      <h1>
        {department.name} ({department.code})
      </h1>
      <dl className="facts">
        <dt>Parent</dt>
        <dd>{department.parent ?? "— (top level)"}</dd>
        <dt>Sub-departments</dt>
        <dd>{children.length > 0 ? children.map((row) => row.code).join(", ") : "none"}</dd>
        <dt>Status</dt>
        <dd>{department.isRetired ? `Retired on ${formatUtcDateTime(department.retiredAt)}` : "Active"}</dd>
      </dl>

      <section aria-labelledby="rename-heading">
        <h2 id="rename-heading">Rename</h2>
        <ActionForm action={renameDepartmentAction} label="Rename" submitLabel="Save name" successMessage="Name saved.">
          <input type="hidden" name="id" value={department.id} />
          <input type="hidden" name="version" value={department.version} />
          <TextField name="name" label="Name" defaultValue={department.name} autoComplete="off" isRequired />
        </ActionForm>
      </section>

      <section aria-labelledby="move-heading">
        <h2 id="move-heading">Move</h2>
        <p>The department moves with all its sub-departments.</p>
        <ActionForm
          action={moveDepartmentAction}
          label="Move"
          submitLabel="Move department"
          successMessage="Department moved."
        >
          <input type="hidden" name="id" value={department.id} />
          <input type="hidden" name="version" value={department.version} />
          <SelectField
            name="parent"
            label="New parent department"
            options={parentOptions}
            defaultValue={department.parent ?? ""}
          />
        </ActionForm>
      </section>

      {department.isRetired ? null : (
        <section aria-labelledby="retire-heading">
          <h2 id="retire-heading">Retire</h2>
          <p>
            A retired department keeps its history but takes no new users, tokens or sub-departments. It can be retired
            only once it has no active sub-departments, KPIs or department heads.
          </p>
          <ActionForm
            action={retireDepartmentAction}
            label="Retire department"
            submitLabel="Retire department"
            successMessage="Department retired."
            isSecondary
          >
            <input type="hidden" name="id" value={department.id} />
            <input type="hidden" name="version" value={department.version} />
          </ActionForm>
        </section>
      )}
    </>
  );
}
