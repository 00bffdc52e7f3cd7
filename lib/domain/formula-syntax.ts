// The formula language of spec/health.md, "Formula KPIs": numbers \d+(\.\d+)?, KPI codes [A-Za-z_][A-Za-z0-9_.]*,
// + - * /, unary minus only, parentheses, and the lower-case functions min, max, abs and round. It is tokenized and
// parsed here into a tree and evaluated by walking it; no text is ever run as code.

export type FormulaFunctionName = "min" | "max" | "abs" | "round";
export const FORMULA_FUNCTIONS: readonly FormulaFunctionName[] = ["min", "max", "abs", "round"];

export type FormulaNode =
  | { type: "number"; value: number; position: number }
  | { type: "kpi"; code: string; position: number }
  | { type: "negate"; operand: FormulaNode; position: number }
  | { type: "binary"; operator: "+" | "-" | "*" | "/"; left: FormulaNode; right: FormulaNode; position: number }
  | { type: "call"; name: FormulaFunctionName; args: FormulaNode[]; position: number };

export type FormulaSyntaxErrorCode = "FORMULA_SYNTAX" | "FORMULA_TOO_LONG" | "FORMULA_TOO_DEEP";

export interface FormulaSyntaxError {
  code: FormulaSyntaxErrorCode;
  /** 0-based offset into the expression where the problem is. */
  position: number;
  /** What would have been accepted there, e.g. ["a number", "a KPI code", "a function", "'('"]. */
  expected: string[];
  /** What was found there, e.g. "'*'" or "the end of the formula". */
  found: string;
  message: string;
}

export type FormulaParseResult = { ok: true; ast: FormulaNode } | { ok: false; error: FormulaSyntaxError };

// Limits keep parsing and evaluation linear and the recursion shallow whatever text arrives (docs/health.md).
export const MAX_FORMULA_LENGTH = 2000;
export const MAX_FORMULA_NESTING = 50;

type Token =
  | { type: "number"; text: string; value: number; position: number }
  | { type: "identifier"; text: string; position: number }
  | { type: "+" | "-" | "*" | "/" | "(" | ")" | ","; text: string; position: number }
  | { type: "end"; text: ""; position: number }
  | { type: "invalid"; text: string; position: number };

const OPERAND = ["a number", "a KPI code", "a function", "'('"];

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || isDigit(code) || code === 46;
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Splits an expression into tokens; a character the language does not know becomes an `invalid` token. */
export function tokenizeFormula(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (isWhitespace(code)) {
      at++;
      continue;
    }
    const start = at;
    if (isDigit(code)) {
      while (at < text.length && isDigit(text.charCodeAt(at))) at++;
      if (text.charCodeAt(at) === 46 && isDigit(text.charCodeAt(at + 1))) {
        at++;
        while (at < text.length && isDigit(text.charCodeAt(at))) at++;
      }
      const numberText = text.slice(start, at);
      tokens.push({ type: "number", text: numberText, value: Number(numberText), position: start });
    } else if (isIdentifierStart(code)) {
      while (at < text.length && isIdentifierPart(text.charCodeAt(at))) at++;
      tokens.push({ type: "identifier", text: text.slice(start, at), position: start });
    } else {
      const char = text[at] as string;
      at++;
      if ("+-*/(),".includes(char)) {
        tokens.push({ type: char as "+" | "-" | "*" | "/" | "(" | ")" | ",", text: char, position: start });
      } else {
        // Keep a whole surrogate pair together so the message shows the real character.
        const isHighSurrogate = code >= 0xd800 && code <= 0xdbff && at < text.length;
        const shown = isHighSurrogate ? text.slice(start, at + 1) : char;
        tokens.push({ type: "invalid", text: shown, position: start });
        break;
      }
    }
  }
  tokens.push({ type: "end", text: "", position: text.length });
  return tokens;
}

class FormulaParser {
  private at = 0;
  private nesting = 0;
  private failure: FormulaSyntaxError | null = null;

  constructor(private readonly tokens: Token[]) {}

  parse(): FormulaParseResult {
    const ast = this.parseExpression();
    if (ast !== null && this.failure === null) {
      const next = this.peek();
      if (next.type !== "end") this.fail(next, ["an operator (+ - * /)", "the end of the formula"]);
    }
    if (this.failure !== null || ast === null) {
      return { ok: false, error: this.failure ?? this.makeError(this.peek(), OPERAND) };
    }
    return { ok: true, ast };
  }

  private peek(): Token {
    return this.tokens[this.at] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private advance(): Token {
    const token = this.peek();
    if (token.type !== "end") this.at++;
    return token;
  }

  private parseExpression(): FormulaNode | null {
    let left = this.parseTerm();
    while (left !== null) {
      const next = this.peek();
      if (next.type !== "+" && next.type !== "-") break;
      this.advance();
      const right = this.parseTerm();
      if (right === null) return null;
      left = { type: "binary", operator: next.type, left, right, position: next.position };
    }
    return left;
  }

  private parseTerm(): FormulaNode | null {
    let left = this.parseUnary();
    while (left !== null) {
      const next = this.peek();
      if (next.type !== "*" && next.type !== "/") break;
      this.advance();
      const right = this.parseUnary();
      if (right === null) return null;
      left = { type: "binary", operator: next.type, left, right, position: next.position };
    }
    return left;
  }

  // Unary minus is read in a loop, not by recursion, so "------x" cannot exhaust the stack.
  private parseUnary(): FormulaNode | null {
    const minuses: number[] = [];
    while (this.peek().type === "-") minuses.push(this.advance().position);
    let node = this.parsePrimary();
    if (node === null) return null;
    for (let i = minuses.length - 1; i >= 0; i--)
      node = { type: "negate", operand: node, position: minuses[i] as number };
    return node;
  }

  private parsePrimary(): FormulaNode | null {
    const token = this.peek();
    if (token.type === "number") {
      this.advance();
      if (!Number.isFinite(token.value)) return this.fail(token, ["a number small enough to compute with"]);
      return { type: "number", value: token.value, position: token.position };
    }
    if (token.type === "identifier") {
      this.advance();
      if (this.peek().type === "(") return this.parseCall(token);
      if ((FORMULA_FUNCTIONS as readonly string[]).includes(token.text)) {
        return this.fail(this.peek(), [`'(' after the function ${token.text}`]);
      }
      return { type: "kpi", code: token.text, position: token.position };
    }
    if (token.type === "(") {
      this.advance();
      if (!this.enterNesting(token)) return null;
      const inner = this.parseExpression();
      this.nesting--;
      if (inner === null) return null;
      if (this.peek().type !== ")") return this.fail(this.peek(), ["an operator (+ - * /)", "')'"]);
      this.advance();
      return inner;
    }
    return this.fail(token, OPERAND);
  }

  private parseCall(nameToken: Token): FormulaNode | null {
    const name = nameToken.text;
    if (!(FORMULA_FUNCTIONS as readonly string[]).includes(name)) {
      return this.failWith(
        "FORMULA_SYNTAX",
        nameToken.position,
        FORMULA_FUNCTIONS.map((f) => `'${f}'`),
        `'${name}'`,
        `Unknown function '${name}' at character ${nameToken.position + 1}: the functions are min, max, abs and round (lower case).`,
      );
    }
    const open = this.advance();
    if (!this.enterNesting(open)) return null;
    const args: FormulaNode[] = [];
    if (this.peek().type === ")") {
      this.nesting--;
      return this.fail(this.peek(), OPERAND);
    }
    for (;;) {
      const arg = this.parseExpression();
      if (arg === null) return null;
      args.push(arg);
      const next = this.peek();
      if (next.type === ",") {
        this.advance();
        continue;
      }
      if (next.type === ")") {
        this.advance();
        break;
      }
      return this.fail(next, ["an operator (+ - * /)", "','", "')'"]);
    }
    this.nesting--;
    return this.checkCall(name as FormulaFunctionName, args, nameToken.position);
  }

  private checkCall(name: FormulaFunctionName, args: FormulaNode[], position: number): FormulaNode | null {
    const arity = name === "abs" ? "1" : name === "round" ? "1 or 2" : "1 or more";
    const isArityOk = name === "abs" ? args.length === 1 : name === "round" ? args.length <= 2 : args.length >= 1;
    if (!isArityOk) {
      return this.failWith(
        "FORMULA_SYNTAX",
        position,
        [`${arity} argument${arity === "1" ? "" : "s"}`],
        `${args.length} arguments`,
        `${name} takes ${arity} argument${arity === "1" ? "" : "s"} but has ${args.length} (at character ${position + 1}).`,
      );
    }
    const places = args[1];
    if (name === "round" && places !== undefined && readWholeNumber(places) === null) {
      // docs/health.md: round's decimal places are a whole number written in the formula ("round(x, 2)").
      return this.failWith(
        "FORMULA_SYNTAX",
        places.position,
        ["a whole number of decimal places, like 2 or -1"],
        "an expression",
        `round's second argument must be a whole number of decimal places, like 2 or -1 (at character ${places.position + 1}).`,
      );
    }
    return { type: "call", name, args, position };
  }

  private enterNesting(token: Token): boolean {
    this.nesting++;
    if (this.nesting <= MAX_FORMULA_NESTING) return true;
    this.failWith(
      "FORMULA_TOO_DEEP",
      token.position,
      [`at most ${MAX_FORMULA_NESTING} levels of parentheses`],
      "deeper nesting",
      `The formula nests more than ${MAX_FORMULA_NESTING} levels deep at character ${token.position + 1}.`,
    );
    return false;
  }

  private fail(token: Token, expected: string[]): null {
    if (this.failure === null) this.failure = this.makeError(token, expected);
    return null;
  }

  private failWith(
    code: FormulaSyntaxErrorCode,
    position: number,
    expected: string[],
    found: string,
    message: string,
  ): null {
    if (this.failure === null) this.failure = { code, position, expected, found, message };
    return null;
  }

  private makeError(token: Token, expected: string[]): FormulaSyntaxError {
    const found = describeToken(token);
    return {
      code: "FORMULA_SYNTAX",
      position: token.position,
      expected,
      found,
      message: `Expected ${joinAlternatives(expected)} at character ${token.position + 1}, but found ${found}.`,
    };
  }
}

function readWholeNumber(node: FormulaNode): number | null {
  if (node.type === "number") return Number.isInteger(node.value) ? node.value : null;
  if (node.type === "negate" && node.operand.type === "number" && Number.isInteger(node.operand.value)) {
    return -node.operand.value;
  }
  return null;
}

function describeToken(token: Token): string {
  if (token.type === "end") return "the end of the formula";
  return `'${token.text}'`;
}

function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "something else";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** Parses an expression; never throws, whatever the text. */
export function parseFormula(text: string): FormulaParseResult {
  if (text.length > MAX_FORMULA_LENGTH) {
    return {
      ok: false,
      error: {
        code: "FORMULA_TOO_LONG",
        position: MAX_FORMULA_LENGTH,
        expected: [`at most ${MAX_FORMULA_LENGTH} characters`],
        found: `${text.length} characters`,
        message: `A formula may be at most ${MAX_FORMULA_LENGTH} characters long; this one has ${text.length}.`,
      },
    };
  }
  return new FormulaParser(tokenizeFormula(text)).parse();
}

/** The KPI codes a formula names, each once, in order of first appearance. */
export function listFormulaCodes(ast: FormulaNode): string[] {
  const codes: string[] = [];
  const seen = new Set<string>();
  const visit = (node: FormulaNode): void => {
    switch (node.type) {
      case "kpi":
        if (!seen.has(node.code)) {
          seen.add(node.code);
          codes.push(node.code);
        }
        return;
      case "negate":
        visit(node.operand);
        return;
      case "binary":
        visit(node.left);
        visit(node.right);
        return;
      case "call":
        node.args.forEach(visit);
        return;
      case "number":
        return;
    }
  };
  visit(ast);
  return codes;
}

/** The KPI codes an expression names, each once in order; none when it does not parse. */
export function listFormulaReferences(expression: string): string[] {
  const parsed = parseFormula(expression);
  return parsed.ok ? listFormulaCodes(parsed.ast) : [];
}
