import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { getRoleHome } from "@/components/shell/role-home";

export default async function HomePage() {
  const principal = await getCurrentPrincipal();
  // Signed-in people start where their role works: executives on the scorecard, department
  // heads on their department, performance officers on the tree.
  if (principal && principal.kind === "user") redirect(getRoleHome(principal));
  return (
    <div className="page usa-prose">
      <h1>Throughline</h1>
      <p className="usa-intro">
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
        <Link href="/login" className="usa-button">
          Sign in
        </Link>
      </p>
    </div>
  );
}
