import { erc20TransferUri } from './eip681';
import { formatUnits, toMinorUnits, toTokenUnits } from './token-amount';

describe('token amounts (integer arithmetic only)', () => {
  it('scales minor units to the token decimals exactly', () => {
    expect(toTokenUnits(1734, 'USD', 6)).toBe(17_340_000n);
    // Through floats, 0.29 USD as cents * 1e4 is 289999.99999999994: bigint scaling is exact.
    expect(toTokenUnits(29, 'USD', 6)).toBe(290_000n);
    expect(toTokenUnits(1, 'USD', 18)).toBe(10n ** 16n);
    expect(toTokenUnits(500, 'JPY', 0)).toBe(500n);
    expect(toTokenUnits(1234, 'KWD', 6)).toBe(1_234_000n);
    // The largest safe amount of minor units, at 18 decimals: far beyond 2^53, still exact.
    expect(toTokenUnits(Number.MAX_SAFE_INTEGER, 'USD', 18)).toBe(
      BigInt(Number.MAX_SAFE_INTEGER) * 10n ** 16n,
    );
    expect(toMinorUnits(17_345_678n, 'USD', 6)).toBe(1734n); // a fraction of a cent is not a cent
  });

  it('refuses what is not an amount or cannot be carried', () => {
    expect(() => toTokenUnits(12.5, 'USD', 6)).toThrow(RangeError);
    expect(() => toTokenUnits(-1, 'USD', 6)).toThrow(RangeError);
    expect(() => toTokenUnits(1, 'USD', 1)).toThrow(/cannot carry USD/);
    expect(() => toTokenUnits(1, 'XXX', 6)).toThrow(/unknown currency/);
  });

  it('formats base units for people', () => {
    expect(formatUnits(17_340_000n, 6)).toBe('17.34');
    expect(formatUnits(5_000_000n, 6)).toBe('5');
    expect(formatUnits(1n, 6)).toBe('0.000001');
    expect(formatUnits(42n, 0)).toBe('42');
  });

  it('builds the EIP-681 ERC-20 transfer request', () => {
    expect(
      erc20TransferUri({
        tokenAddress: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
        chainId: 8453,
        to: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
        amount: 12_340_000n,
      }),
    ).toBe(
      'ethereum:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913@8453/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed&uint256=12340000',
    );
  });
});
