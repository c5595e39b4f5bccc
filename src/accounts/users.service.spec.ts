import { profileSlug } from './users.service';

describe('profileSlug (accounts)', () => {
  it.each([
    ['Ada Lovelace', 'ada-lovelace'],
    ["Zoë O'Brien", 'zoe-obrien'],
    ['  --Hello__World!!  ', 'hello-world'],
    ['Ünïcödé Straße', 'unicode-strasse'],
    ['東京', 'user'],
    ['', 'user'],
  ])('%j -> %j', (name, slug) => {
    expect(profileSlug(name)).toBe(slug);
  });

  it('caps the length at 60 without a trailing dash', () => {
    const slug = profileSlug(`${'a'.repeat(59)} bcdef`);
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug.endsWith('-')).toBe(false);
  });
});
