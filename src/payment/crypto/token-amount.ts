import { CURRENCY_EXPONENTS } from '../../common/money';

/**
 * Fiat minor units ⇄ token base units, for a token pegged 1:1 to the currency. Integer arithmetic
 * only (bigint): 1234 cents of USD with a 6-decimal token is 12_340_000 units, never 12.34 * 1e6.
 * Config guarantees the token has at least as many decimals as the currency has minor digits.
 */
export function toTokenUnits(minor: number, currency: string, decimals: number): bigint {
  if (!Number.isSafeInteger(minor) || minor < 0)
    throw new RangeError(`not an amount in minor units: ${minor}`);
  return BigInt(minor) * 10n ** BigInt(decimals - exponentOf(currency, decimals));
}

/** Token units as whole minor units, rounded down (a fraction of a cent is not a cent). */
export function toMinorUnits(units: bigint, currency: string, decimals: number): bigint {
  return units / 10n ** BigInt(decimals - exponentOf(currency, decimals));
}

/** `12340000` with 6 decimals → "12.34" (for messages; trailing zeros trimmed down to the currency's digits). */
export function formatUnits(units: bigint, decimals: number): string {
  if (decimals === 0) return units.toString();
  const s = units.toString().padStart(decimals + 1, '0');
  const whole = s.slice(0, -decimals);
  const fraction = s.slice(-decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

function exponentOf(currency: string, decimals: number): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) throw new RangeError(`unknown currency ${currency}`);
  if (decimals < exponent) throw new RangeError(`${decimals} token decimals cannot carry ${currency}`);
  return exponent;
}
