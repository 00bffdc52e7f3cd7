import { describe, expect, test } from "vitest";
import { buildContentSecurityPolicy, createNonce, isScriptlessPath } from "@/lib/security-headers";

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1);

describe("the Content-Security-Policy", () => {
  test("the signed-in app runs only scripts with this response's nonce: no 'unsafe-inline', no 'unsafe-eval'", () => {
    // Regression: script-src allowed 'unsafe-inline', so any injected inline script would have run.
    const policy = buildContentSecurityPolicy({ isProduction: true }, { nonce: "abc123==" });
    expect(directive(policy, "script-src")).toBe("'nonce-abc123==' 'strict-dynamic'");
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "frame-ancestors")).toBe("'none'");
    expect(directive(policy, "object-src")).toBe("'none'");
  });

  test("the public pages, which ship no JavaScript, allow none", () => {
    const policy = buildContentSecurityPolicy({ isProduction: true }, "none");
    expect(directive(policy, "script-src")).toBe("'none'");
  });

  test("development adds only what fast refresh needs", () => {
    const policy = buildContentSecurityPolicy(
      { isProduction: false, extraFormActions: ["https://id.example"] },
      {
        nonce: "n",
      },
    );
    expect(directive(policy, "script-src")).toBe("'nonce-n' 'strict-dynamic' 'unsafe-eval'");
    expect(directive(policy, "form-action")).toBe("'self' https://id.example");
  });

  test("a nonce is new every time and long enough not to be guessed", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  test.each([
    ["/p/riverton", true],
    ["/p/riverton/kpis/permits.issued/series.csv", true],
    ["/p", true],
    ["/publishing", false],
    ["/tree", false],
    ["/", false],
  ])("%s runs no script: %s", (path, isScriptless) => {
    expect(isScriptlessPath(path)).toBe(isScriptless);
  });
});
