import { NumberInput, useRecordContext, type NumberInputProps } from 'react-admin';

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (2 for USD, 0 for JPY). */
export function minorDigits(currency = 'USD'): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** 2499 USD → "$24.99". */
export function formatMoney(minor: number | null | undefined, currency = 'USD'): string {
  if (minor === null || minor === undefined) return '';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(
      minor / 10 ** minorDigits(currency),
    );
  } catch {
    return `${minor / 100} ${currency}`;
  }
}

/** A price typed in major units (24.99), stored as the API's integer minor units (2499). */
export function MoneyInput({ currency, ...props }: NumberInputProps & { currency?: string }) {
  const record = useRecordContext<{ currency?: string }>();
  const digits = minorDigits(currency ?? record?.currency);
  const scale = 10 ** digits;
  return (
    <NumberInput
      step={1 / scale}
      min={0}
      format={(v: number | null | undefined) =>
        (v === null || v === undefined || Number.isNaN(v) ? '' : v / scale) as never
      }
      parse={(v: string) => (v === '' || v === null ? null : Math.round(Number(v) * scale)) as never}
      {...props}
    />
  );
}
