import Link from "next/link";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { listNavigationItems } from "@/components/shell/main-navigation";
import { ROLE_LABELS } from "@/components/shell/role-labels";

export default async function HomePage() {
  const principal = await getCurrentPrincipal();
  if (principal && principal.kind === "user") {
    const destinations = listNavigationItems(principal);
    return (
      <div className="page">
        <h1>Welcome</h1>
        <p className="lead">
          You are signed in as {principal.label}, {ROLE_LABELS[principal.role].toLowerCase()}.
        </p>
        <ul className="feature-list">
          {destinations.map((item) => (
            <li key={item.href}>
              <Link href={item.href}>{item.label}</Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>Throughline</h1>
      <p className="lead">
        Performance management on KPI driver trees: objectives, key results, and the input, process and outcome measures
        that drive them — with health computed from the data, not typed in.
      </p>
      <ul className="feature-list">
        <li>
          <strong>Objectives and key results</strong> say what the agency promises the public.
        </li>
        <li>
          <strong>Driver trees</strong> link each outcome to the process and input measures that move it.
        </li>
        <li>
          <strong>Computed health</strong> rolls up the tree, so everyone sees the same truth.
        </li>
      </ul>
      <p>
        <Link href="/login" className="button">
          Sign in
        </Link>
      </p>
    </div>
  );
}
