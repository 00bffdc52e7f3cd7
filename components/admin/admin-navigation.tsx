"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export const ADMIN_SECTIONS = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/departments", label: "Departments" },
  { href: "/admin/settings", label: "Settings" },
  { href: "/admin/tokens", label: "API tokens" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

/** The admin area's sub-navigation; the current section is marked for assistive technology too. */
export function AdminNavigation() {
  // `?? ""`: the type allows null since pages/ exists; it is never null in the App Router.
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Administration" className="admin-nav">
      <ul>
        {ADMIN_SECTIONS.map((section) => {
          const isCurrent = pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link href={section.href} aria-current={isCurrent ? "page" : undefined}>
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
