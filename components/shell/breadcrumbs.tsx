import Link from "next/link";

export type Crumb = { label: string; href?: string };

/** USWDS breadcrumbs: every level a link, the current page last and marked as such. */
export function Breadcrumbs({ trail }: { trail: readonly Crumb[] }) {
  return (
    <nav className="usa-breadcrumb" aria-label="Breadcrumbs">
      <ol className="usa-breadcrumb__list">
        {trail.map((crumb, index) => {
          const isCurrent = index === trail.length - 1;
          return (
            <li
              key={`${crumb.label}-${index}`}
              className={`usa-breadcrumb__list-item${isCurrent ? " usa-current" : ""}`}
              aria-current={isCurrent ? "page" : undefined}
            >
              {!isCurrent && crumb.href ? (
                <Link href={crumb.href} className="usa-breadcrumb__link">
                  <span>{crumb.label}</span>
                </Link>
              ) : (
                <span>{crumb.label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
