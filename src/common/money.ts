import { ConflictError } from './errors/domain-error';

/**
 * Money is an integer number of minor units plus an ISO-4217 code. Never floats.
 * The exponent table says how many minor units make a major one (JPY 0, USD 2, KWD 3):
 * never assume "always x100".
 */
export const CURRENCY_EXPONENTS: Record<string, number> = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  NGN: 2,
  GHS: 2,
  KES: 2,
  ZAR: 2,
  CAD: 2,
  AUD: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CZK: 2,
  INR: 2,
  BRL: 2,
  MXN: 2,
  CNY: 2,
  SGD: 2,
  HKD: 2,
  NZD: 2,
  EGP: 2,
  MAD: 2,
  AED: 2,
  JPY: 0,
  KRW: 0,
  XOF: 0,
  XAF: 0,
  UGX: 0,
  CLP: 0,
  ISK: 0,
  VND: 0,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export interface Money {
  amount: number;
  currency: string;
}

export function currencyExponent(currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) throw new RangeError(`Unsupported currency ${currency}`);
  return exponent;
}

/** Asserts an amount is a safe integer of minor units (what every money column holds). */
export function assertMinorUnits(amount: number): number {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`Money amount must be a safe integer, got ${amount}`);
  return amount;
}

/**
 * The most an order, and so a cart with its shipping fee, may total: the largest integer a JS number
 * holds exactly (9,007,199,254,740,991 minor units, about 90 trillion USD). Beyond it sums would
 * silently round; refusing is the only honest answer.
 */
export const MAX_ORDER_TOTAL = Number.MAX_SAFE_INTEGER;

/**
 * `extra + Σ unitPrice × quantity`, computed exactly (BigInt), or null when it is more than
 * MAX_ORDER_TOTAL: never an imprecise number. Unit prices are minor units, quantities integers.
 */
export function exactTotal(
  lines: readonly { unitPrice: number; quantity: number }[],
  extra = 0,
): number | null {
  let sum = BigInt(assertMinorUnits(extra));
  for (const l of lines) sum += BigInt(assertMinorUnits(l.unitPrice)) * BigInt(assertMinorUnits(l.quantity));
  return sum <= BigInt(MAX_ORDER_TOTAL) ? Number(sum) : null;
}

/** 409 ORDER_TOTAL_LIMIT: a cart change or checkout whose total would pass MAX_ORDER_TOTAL. */
export class OrderTotalLimitError extends ConflictError {
  constructor(currency: string) {
    super(
      'ORDER_TOTAL_LIMIT',
      `An order may total at most ${formatMoney(MAX_ORDER_TOTAL, currency)}; remove some items`,
      { maxTotal: MAX_ORDER_TOTAL, currency },
    );
  }
}

/**
 * The one rounding rule for money: `amount * numerator / denominator`, rounded half up
 * (away from zero for the non-negative amounts we handle), in integer arithmetic.
 */
export function mulDivHalfUp(amount: number, numerator: number, denominator: number): number {
  assertMinorUnits(amount);
  const product = amount * numerator;
  assertMinorUnits(product);
  const sign = product < 0 ? -1 : 1;
  const abs = Math.abs(product);
  return sign * Math.floor((abs + Math.floor(denominator / 2)) / denominator);
}

/** Price after a percentage discount; the discount amount is rounded half up. */
export function applyDiscount(amount: number, percent: number): number {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`Discount percent must be an integer 0-100, got ${percent}`);
  }
  return amount - mulDivHalfUp(amount, percent, 100);
}

/** Minor units as a decimal string in major units: (1999, USD) -> "19.99", (500, JPY) -> "500". */
export function toMajorString(amount: number, currency: string): string {
  assertMinorUnits(amount);
  const exponent = currencyExponent(currency);
  const negative = amount < 0;
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  const major = exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
  return negative ? `-${major}` : major;
}

/** Human formatting, e.g. "$19.99", "₦1,500.00". Intl receives a decimal string, so no float rounding. */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl.NumberFormat#format accepts decimal strings exactly (ES2023), typed as number in older libs.
  return format.format(toMajorString(amount, currency) as unknown as number);
}
