import type { ReactNode } from "react";
import { AdminNavigation } from "@/components/admin/admin-navigation";
import { requireAdminPage } from "./page-access";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  // Layouts render beside their pages, not before them: every page checks for itself too.
  await requireAdminPage("admin:users");
  return (
    <div className="page admin">
      <AdminNavigation />
      {children}
    </div>
  );
}
