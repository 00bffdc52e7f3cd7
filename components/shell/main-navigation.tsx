import { can, type Principal } from "@/lib/auth/permissions";
import { NavLink } from "./nav-link";

export type NavigationItem = { href: string; label: string };

/** The destinations a principal may use: a link is shown only when its page would let them in. */
export function listNavigationItems(principal: Principal): NavigationItem[] {
  const items: NavigationItem[] = [];
  if (can(principal, "tree:read"))
    items.push(
      { href: "/scorecard", label: "Scorecard" },
      { href: "/tree", label: "Driver tree" },
      { href: "/kpis", label: "KPIs" },
    );
  if (principal.kind === "user" && principal.role === "DEPARTMENT_HEAD")
    items.push({ href: "/department", label: "My department" });
  if (can(principal, "measurement:write")) items.push({ href: "/data", label: "Data" });
  if (can(principal, "publish")) items.push({ href: "/publishing", label: "Publishing" });
  if (can(principal, "tree:edit") && principal.kind === "user") items.push({ href: "/bin", label: "Recycle bin" });
  if (can(principal, "admin:users")) items.push({ href: "/admin", label: "Admin" });
  return items;
}

export function MainNavigation({ principal }: { principal: Principal }) {
  const items = listNavigationItems(principal);
  if (items.length === 0) return null;
  return (
    <nav aria-label="Main" className="main-nav">
      <ul className="main-nav__list">
        {items.map((item) => (
          <li key={item.href}>
            <NavLink href={item.href} label={item.label} />
          </li>
        ))}
      </ul>
    </nav>
  );
}
