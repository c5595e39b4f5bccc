import { hashCartToken, isValidCartToken, mintCartToken } from './cart-token';

describe('cart tokens', () => {
  const secret = 'a-secret-of-some-length-0123456789';

  it('accepts the tokens it minted and nothing else', () => {
    const token = mintCartToken(secret);
    expect(isValidCartToken(secret, token)).toBe(true);
    expect(isValidCartToken('another-secret-of-some-length-0123', token)).toBe(false);
    expect(isValidCartToken(secret, `${token.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`)).toBe(false);
    expect(isValidCartToken(secret, 'guessable')).toBe(false);
    expect(isValidCartToken(secret, `${token}.x`)).toBe(false);
    expect(isValidCartToken(secret, undefined)).toBe(false);
  });

  it('mints distinct tokens and stores only a hash', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => mintCartToken(secret)));
    expect(tokens.size).toBe(100);
    const token = [...tokens][0];
    expect(hashCartToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCartToken(token)).not.toContain(token.split('.')[0]);
  });
});
