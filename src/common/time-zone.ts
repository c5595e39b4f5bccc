/** The canonical name of an IANA zone Intl knows, or null ("europe/berlin" → "Europe/Berlin"). */
export function canonicalZone(tz: string): string | null {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(tz)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
