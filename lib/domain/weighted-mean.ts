// Weighted means as a person computes them by hand (docs/health.md, "Weighted means are exact").
//
// spec/health.md promises that anyone can recompute every number by hand, and its example gives O1 a health of
// exactly 0.85 = (2 × 0.8 + 1 × 1 + 1 × 0.8) / 4. Plain floating point gives 0.8500000000000001 there (and
// 0.37500000000000006 for the progress), and the result would depend on the order of the children. So every weighted
// mean — driver health, an objective's progress, health, coverage and freshness — takes each number as it is shown
// (its shortest decimal form, the one JSON prints), sums exactly in decimal, and rounds once to the nearest double.

export interface WeightedTerm {
  weight: number;
  value: number;
}

interface Decimal {
  /** value = mantissa × 10^exponent */
  mantissa: bigint;
  exponent: number;
}

/** Σ w·v / Σ w over the terms, exactly; null when there are none or the weights sum to 0. */
export function computeWeightedMean(terms: readonly WeightedTerm[]): number | null {
  const first = terms[0];
  if (first === undefined) return null;
  // The mean of equal values is that value whatever the weights: the common case (one driver, one child) is exact
  // without any arithmetic.
  let isUniform = true;
  for (const term of terms) {
    if (term.value !== first.value) {
      isUniform = false;
      break;
    }
  }
  if (isUniform) return hasPositiveTotal(terms) ? first.value : null;

  const products: Decimal[] = [];
  const weights: Decimal[] = [];
  for (const term of terms) {
    const weight = toDecimal(term.weight);
    const value = toDecimal(term.value);
    weights.push(weight);
    products.push({ mantissa: weight.mantissa * value.mantissa, exponent: weight.exponent + value.exponent });
  }
  const numerator = sumDecimals(products);
  const denominator = sumDecimals(weights);
  if (denominator.mantissa === 0n) return null;
  return divideToNumber(numerator.mantissa, denominator.mantissa, numerator.exponent - denominator.exponent);
}

/** The exact quotient of two sums of shown numbers, rounded once (coverage: Σ w of some children / Σ w of all). */
export function computeExactRatio(numerators: readonly number[], denominators: readonly number[]): number | null {
  const numerator = sumDecimals(numerators.map(toDecimal));
  const denominator = sumDecimals(denominators.map(toDecimal));
  if (denominator.mantissa === 0n) return null;
  return divideToNumber(numerator.mantissa, denominator.mantissa, numerator.exponent - denominator.exponent);
}

function hasPositiveTotal(terms: readonly WeightedTerm[]): boolean {
  let total = 0;
  for (const term of terms) total += term.weight;
  return total !== 0;
}

function toDecimal(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`Not a finite number: ${x}`);
  const text = String(x);
  const exponentAt = text.indexOf("e");
  let digits = exponentAt < 0 ? text : text.slice(0, exponentAt);
  let exponent = exponentAt < 0 ? 0 : Number(text.slice(exponentAt + 1));
  const pointAt = digits.indexOf(".");
  if (pointAt >= 0) {
    exponent -= digits.length - pointAt - 1;
    digits = digits.slice(0, pointAt) + digits.slice(pointAt + 1);
  }
  return { mantissa: BigInt(digits), exponent };
}

function sumDecimals(decimals: readonly Decimal[]): Decimal {
  if (decimals.length === 0) return { mantissa: 0n, exponent: 0 };
  let exponent = Infinity;
  for (const decimal of decimals) exponent = Math.min(exponent, decimal.exponent);
  let mantissa = 0n;
  for (const decimal of decimals) mantissa += decimal.mantissa * 10n ** BigInt(decimal.exponent - exponent);
  return { mantissa, exponent };
}

const QUOTIENT_DIGITS = 60;

/**
 * n / d × 10^exponent rounded to the nearest double. The quotient is taken to 60 significant digits with a sticky
 * digit for any remainder, and the decimal string is parsed by the runtime, which rounds correctly.
 */
function divideToNumber(n: bigint, d: bigint, exponent: number): number {
  if (n === 0n) return 0;
  const isNegative = n < 0n !== d < 0n;
  const numerator = n < 0n ? -n : n;
  const denominator = d < 0n ? -d : d;
  const shift = Math.max(0, QUOTIENT_DIGITS - (numerator.toString().length - denominator.toString().length));
  const scaled = numerator * 10n ** BigInt(shift);
  const quotient = scaled / denominator;
  const sticky = scaled % denominator === 0n ? "0" : "1";
  const value = Number(`${quotient}${sticky}e${exponent - shift - 1}`);
  return isNegative ? -value : value;
}
