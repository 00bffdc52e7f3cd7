import { z } from "zod";

// The password policy, one home for every place a person chooses a password: the set-password link, changing one's
// own password, and the operators' CLI. NIST SP 800-63B's advice: length over composition rules, and refuse
// passwords known to be guessed first — here a short list, and the demo seed's password, which the README publishes.

export const PASSWORD_MIN_LENGTH = 12;
// Argon2 takes any length; this only keeps a request body from being a megabyte of password.
export const PASSWORD_MAX_LENGTH = 1024;

/** The demo seed's password (prisma/seed-data/riverton.ts): public, so nobody may choose it. */
const DEMO_PASSWORD = "throughline-demo";

// Among the most common passwords of 12 characters or more in public breach lists; compared lower-cased.
const COMMON_PASSWORDS = new Set([
  DEMO_PASSWORD,
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123456123456",
  "111111111111",
  "000000000000",
  "password1234",
  "password12345",
  "password123!",
  "passwordpassword",
  "qwertyuiopasdfgh",
  "qwerty123456",
  "qwertyuiop12",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "iloveyou1234",
  "letmein12345",
  "welcome12345",
  "changeme1234",
  "administrator",
  "administrator1",
  "abcdefghijkl",
  "abc123abc123",
  "throughline123",
]);

export function isCommonPassword(password: string): boolean {
  const lowered = password.toLowerCase();
  // One character repeated ("aaaaaaaaaaaa") is as good as none.
  return COMMON_PASSWORDS.has(lowered) || new Set(lowered).size <= 2;
}

/** A password a person chooses. */
export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_MIN_LENGTH, `A password has at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, "A password has at most 1,024 characters.")
  .refine((password) => !isCommonPassword(password), {
    message: "This password is too common or too easy to guess: choose another.",
  });

function checkRepeated(input: { password: string; confirmPassword: string }, context: z.RefinementCtx) {
  if (input.password !== input.confirmPassword) {
    context.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords differ." });
  }
}

const repeatedPassword = { password: newPasswordSchema, confirmPassword: z.string({ error: "Repeat the password." }) };

/** A set-password link's token as it travels: 32 random bytes in base64url, 43 characters. */
export const PASSWORD_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const tokenFieldSchema = z
  .string({ error: "This link is incomplete." })
  .regex(PASSWORD_TOKEN_PATTERN, "This link is incomplete: open the whole link you were given.");

/** The set-password page: the link's token and the new password, twice. */
export const setPasswordSchema = z.object({ token: tokenFieldSchema, ...repeatedPassword }).superRefine(checkRepeated);
export type SetPasswordInput = z.infer<typeof setPasswordSchema>;

/** Changing one's own password: the current one, and the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(1024),
    ...repeatedPassword,
  })
  .superRefine((input, context) => {
    checkRepeated(input, context);
    // A password someone else chose must really be replaced.
    if (input.password === input.currentPassword) {
      context.addIssue({
        code: "custom",
        path: ["password"],
        message: "Choose a password other than your current one.",
      });
    }
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
