"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A main-navigation link that marks itself as the current section. */
export function NavLink({ href, label }: { href: string; label: string }) {
  // `?? ""`: the type allows null since pages/ exists; it is never null in the App Router.
  const pathname = usePathname() ?? "";
  const isCurrent = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      className={`main-nav__link${isCurrent ? " usa-current" : ""}`}
      aria-current={isCurrent ? "page" : undefined}
    >
      {label}
    </Link>
  );
}
