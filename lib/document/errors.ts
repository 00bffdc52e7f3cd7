import { ValidationError } from "@/lib/errors";
import type { DocumentProblem } from "./check-document";

/** A document refused with every problem found, each with its JSON path (spec/drivertree-format.md, "Import"). */
export class InvalidDocumentError extends ValidationError {
  readonly problems: readonly DocumentProblem[];

  constructor(problems: readonly DocumentProblem[]) {
    const count = problems.length;
    super(
      `The document was not imported: ${count} problem${count === 1 ? "" : "s"} to fix. Nothing was changed.`,
      groupByPath(problems),
    );
    this.problems = problems;
  }
}

function groupByPath(problems: readonly DocumentProblem[]): Record<string, string[]> {
  const byPath: Record<string, string[]> = {};
  for (const problem of problems) (byPath[problem.path || "_form"] ??= []).push(problem.message);
  return byPath;
}
