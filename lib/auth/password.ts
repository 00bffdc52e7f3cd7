import { hash, verify } from "@node-rs/argon2";

// Argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 iterations, 1 lane.
// (@node-rs/argon2 defaults to Argon2id.)
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash never signs anyone in.
    return false;
  }
}
