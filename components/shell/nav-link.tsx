"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A main-navigation link that marks itself as the current section. */
export function NavLink({ href, label }: { href: string; label: string }) {
  const pathname = usePathname();
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
