import { z } from "zod";

// Field schemas shared by forms, server actions, the API and the document importer.
// Forms send strings; `fromForm` turns an empty field into "not given" before parsing, so
// one schema serves both JSON bodies and form posts.

export const RESERVED_KPI_CODES = ["min", "max", "abs", "round"] as const;

const CODE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const CODE_MAX_LENGTH = 100;

export const codeSchema = z
  .string()
  .trim()
  .min(1, "Enter a code.")
  .max(CODE_MAX_LENGTH, "A code has at most 100 characters.")
  .regex(CODE_PATTERN, "Use letters, digits, '_', '.' and '-' (starting with a letter, digit or '_').");

/**
 * A code taken from a URL path segment, checked before anything decodes it: Next.js has decoded the segment once
 * already, and no code holds a character that needs encoding, so decoding again could only turn a doubly-encoded
 * path into something else (or throw on a stray `%`). A segment that is not a code as it stands names nothing: null.
 */
export function readCodeSegment(segment: string): string | null {
  return segment.length <= CODE_MAX_LENGTH && CODE_PATTERN.test(segment) ? segment : null;
}

// KPI codes appear in formulas, so they follow the formula language's grammar (spec/health.md).
export const kpiCodeSchema = z
  .string()
  .trim()
  .min(1, "Enter a code.")
  .max(100, "A code has at most 100 characters.")
  .regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "A KPI code starts with a letter or '_' and uses letters, digits, '_' and '.'.")
  .refine((code) => !(RESERVED_KPI_CODES as readonly string[]).includes(code), {
    message: "min, max, abs and round are formula functions and cannot be KPI codes.",
  });

export const nameSchema = z.string().trim().min(1, "Enter a name.").max(300, "At most 300 characters.");
export const textSchema = z.string().trim().max(10_000, "At most 10,000 characters.");

export const finiteNumber = z.number({ error: "Enter a number." }).refine(Number.isFinite, "Enter a finite number.");
export const weightSchema = finiteNumber.refine((weight) => weight > 0, "A weight must be greater than 0.");
export const versionSchema = z.number({ error: "The version is missing." }).int().min(1);
export const idSchema = z.uuid({ error: "Not a valid id." });

export const isoDateSchema = z.iso.date({ error: "Enter a date as YYYY-MM-DD." });
export const periodKeySchema = z
  .string()
  .trim()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, "Enter a period as YYYY-MM, YYYY-Qn or YYYY.");

export const ipoSchema = z.enum(["input", "process", "outcome"], { error: "Choose input, process or outcome." });
export const indicatorSchema = z.enum(["leading", "lagging"], { error: "Choose leading or lagging." });
export const directionSchema = z.enum(["increase", "decrease", "maintain"], {
  error: "Choose increase, decrease or maintain.",
});
export const frequencySchema = z.enum(["monthly", "quarterly", "annual"], {
  error: "Choose monthly, quarterly or annual.",
});
export const aggregationSchema = z.enum(["sum", "avg", "last"], { error: "Choose sum, avg or last." });
export const polaritySchema = z.enum(["positive", "negative"], { error: "Choose positive or negative." });
export const keyResultKindSchema = z.enum(["metric", "milestone", "qualitative"], {
  error: "Choose metric, milestone or qualitative.",
});
export const zoneSchema = z.enum(["fail", "commit", "target", "stretch"], {
  error: "Choose fail, commit, target or stretch.",
});

export const thresholdsSchema = z
  .object({
    onTrack: finiteNumber.min(0).max(1).optional(),
    atRisk: finiteNumber.min(0).max(1).optional(),
  })
  .refine((t) => t.onTrack === undefined || t.atRisk === undefined || t.atRisk <= t.onTrack, {
    message: "The at-risk threshold cannot be above the on-track threshold.",
    path: ["atRisk"],
  });

/** Turns FormData into a plain object: empty fields are dropped, "on" checkboxes become true. */
export function fromForm(
  formData: FormData,
  options: { numbers?: readonly string[]; booleans?: readonly string[]; json?: readonly string[] } = {},
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, raw] of formData.entries()) {
    if (typeof raw !== "string" || key.startsWith("$ACTION")) continue;
    const text = raw.trim();
    if (options.booleans?.includes(key)) {
      values[key] = text === "on" || text === "true";
      continue;
    }
    if (text === "") continue;
    if (options.numbers?.includes(key)) {
      const number = Number(text.replace(/,/g, ""));
      values[key] = Number.isNaN(number) ? text : number;
    } else if (options.json?.includes(key)) {
      try {
        values[key] = JSON.parse(text);
      } catch {
        values[key] = text;
      }
    } else {
      values[key] = text;
    }
  }
  for (const key of options.booleans ?? []) values[key] ??= false;
  return values;
}

/** zod issues → field errors keyed by dotted path, the shape every action result carries. */
export function toFieldErrors(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}
