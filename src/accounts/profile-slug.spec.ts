import { slugCandidate, slugFromName } from './profile-slug';

describe('slugFromName', () => {
  it.each([
    ['Ada Lovelace', 'ada-lovelace'],
    ["Zoë O'Brien", 'zoe-o-brien'],
    ['  --Hello__World!!  ', 'hello-world'],
    ['Ünïcödé Straße', 'unicode-strasse'],
    ['東京', 'user'],
    ['', 'user'],
  ])('%j -> %j', (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
  });

  it('caps the length without a trailing dash', () => {
    const slug = slugFromName(`${'a'.repeat(59)} bcdef`);
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('slugCandidate', () => {
  it('tries the plain slug first, then suffixed ones', () => {
    expect(slugCandidate('ada', 0)).toBe('ada');
    expect(slugCandidate('ada', 1, () => 'x1')).toBe('ada-x1');
    expect(slugCandidate('ada', 2)).toMatch(/^ada-[0-9a-f]{6}$/);
  });
});
