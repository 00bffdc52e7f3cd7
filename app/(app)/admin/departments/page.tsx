import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { SelectField, TextField } from "@/components/admin/form-fields";
import { toDepartmentOptions } from "@/components/admin/options";
import { listDepartments } from "@/lib/dal/admin-departments";
import { requireAdminPage } from "../page-access";
import { createDepartmentAction } from "./actions";

export const metadata: Metadata = { title: "Departments" };

export default async function DepartmentsPage() {
  const principal = await requireAdminPage("admin:departments");
  const departments = await listDepartments(principal);
  return (
    <>
      <h1>Departments</h1>
      <table className="data-table">
        <caption>The department tree, each department under its parent ({departments.length})</caption>
        <thead>
          <tr>
            <th scope="col">Department</th>
            <th scope="col">Code</th>
            <th scope="col">Parent</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {departments.map((department) => (
            <tr key={department.id}>
              <th scope="row" className={`tree-depth-${Math.min(department.depth, 6)}`}>
                <Link href={`/admin/departments/${department.id}`}>{department.name}</Link>
              </th>
              <td>{department.code}</td>
              <td>{department.parent ?? "— (top level)"}</td>
              <td>{department.isRetired ? "Retired" : "Active"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="add-department-heading">
        <h2 id="add-department-heading">Add a department</h2>
        <ActionForm
          action={createDepartmentAction}
          label="Add a department"
          submitLabel="Add department"
          successMessage="Department added."
          resetOnSuccess
        >
          <TextField
            name="code"
            label="Code"
            hint="A short code that KPIs, documents and the API use, e.g. PW-STR. It cannot be changed later."
            autoComplete="off"
            isRequired
          />
          <TextField name="name" label="Name" autoComplete="off" isRequired />
          <SelectField
            name="parent"
            label="Parent department"
            options={toDepartmentOptions(departments, "None (top level)")}
            defaultValue=""
          />
        </ActionForm>
      </section>
    </>
  );
}
