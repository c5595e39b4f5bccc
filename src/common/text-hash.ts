/**
 * Two 32-bit FNV-style hashes of a text: stable across processes and versions, for names and
 * fingerprints (prepared statement names, cursor fingerprints). Not for security.
 */
export function textHash(text: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return [h1, h2];
}
