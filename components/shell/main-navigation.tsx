import Link from "next/link";

export type NavigationItem = { href: string; label: string };

// Every role's destinations; with sign-in, each role sees only its own.
export const navigationItems: NavigationItem[] = [
  { href: "/scorecard", label: "Scorecard" },
  { href: "/tree", label: "Driver tree" },
  { href: "/department", label: "My department" },
  { href: "/data", label: "Data" },
  { href: "/admin", label: "Admin" },
];

export function MainNavigation() {
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {navigationItems.map((item) => (
          <li key={item.href}>
            <Link href={item.href}>{item.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
