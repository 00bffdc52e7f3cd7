import type { Metadata } from "next";

export const metadata: Metadata = { title: "Sign in" };

// Sign-in itself (next-auth, Argon2id, throttling) is built with roles and the admin area.
export default function LoginPage() {
  return (
    <div className="page page--narrow">
      <h1>Sign in</h1>
      <p>Sign-in is not available yet in this version of Throughline.</p>
    </div>
  );
}
