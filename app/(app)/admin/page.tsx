import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "./page-access";

export const metadata: Metadata = { title: "Administration" };

const SECTIONS = [
  {
    href: "/admin/users",
    label: "Users",
    description: "Add people, set their role and department, reset passwords, deactivate.",
  },
  {
    href: "/admin/departments",
    label: "Departments",
    description: "The department tree: add, rename, move and retire departments.",
  },
  { href: "/admin/settings", label: "Settings", description: "The agency's name, fiscal year and health thresholds." },
  {
    href: "/admin/tokens",
    label: "API tokens",
    description: "Tokens for departmental systems that send data; create and revoke them.",
  },
  { href: "/admin/audit", label: "Audit log", description: "Who changed what, and when: every change, read-only." },
] as const;

export default async function AdminPage() {
  await requireAdminPage("admin:users");
  return (
    <>
      <h1>Administration</h1>
      <ul className="feature-list">
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <Link href={section.href}>{section.label}</Link>: {section.description}
          </li>
        ))}
      </ul>
    </>
  );
}
