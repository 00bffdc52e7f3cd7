// Arbitrary documents for fuzzing: the example document with a few fields replaced by arbitrary JSON, removed, or set
// to codes that exist elsewhere in it (which makes duplicates, cycles and dangling references likely).
import fc from "fast-check";
import { exampleDocument } from "./documents";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into a JSON value: ["kpis", 3, "formula"], … */
function listPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...listPaths(item, [...prefix, index])));
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) paths.push(...listPaths(item, [...prefix, key]));
  }
  return paths;
}

function setAt(root: Json, path: readonly (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let at: Record<string | number, Json> = copy;
  for (const segment of path.slice(0, -1)) at = at[segment] as Record<string | number, Json>;
  const last = path.at(-1) as string | number;
  if (replacement === undefined) {
    if (Array.isArray(at)) at.splice(last as number, 1);
    else delete at[last];
  } else at[last] = replacement;
  return copy;
}

/** The example document with a few fields replaced by arbitrary JSON, removed, or duplicated list items. */
export function mutatedDocument(base: () => object = exampleDocument) {
  return fc
    .array(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom("replace", "remove", "code"),
        value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
        code: fc.constantFrom("permits.issued", "O1", "O1.KR1", "CM", "PLN", "nope", "min", "", "a b"),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((mutations) => {
      let document = base() as unknown as Json;
      for (const mutation of mutations) {
        const paths = listPaths(document);
        const path = paths[mutation.at % paths.length] as (string | number)[];
        document = setAt(
          document,
          path,
          mutation.kind === "remove" ? undefined : mutation.kind === "code" ? mutation.code : mutation.value,
        );
      }
      return document;
    });
}
