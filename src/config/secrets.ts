/** Keys whose values are secrets: boot messages name them but never print their values. */
export const SECRET_KEYS = [
  'JWT_SECRET',
  'ADMIN_PASSWORD',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'PAYSTACK_SECRET_KEY',
  'CRYPTO_RPC_URL',
] as const;

/** URL keys whose user-info may carry a password. */
export const CREDENTIAL_URL_KEYS = ['DATABASE_URL', 'REDIS_URL'] as const;

// scheme://user:password@… — greedy up to the last '@', so a password holding an unencoded '@'
// is masked whole (at worst part of the host is masked too). Works on strings URL cannot parse.
const USERINFO_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):(.*)@/i;

/** The URL with its password (if any) replaced by `***`. */
export function maskUrl(value: string): string {
  return value.replace(USERINFO_PASSWORD, '$1:***@');
}

/** How a config error shows the value it got: secrets by length only, URLs without their password. */
export function describeValue(key: string, value: string): string {
  if ((SECRET_KEYS as readonly string[]).includes(key)) return `got ${value.length} characters, not shown`;
  if ((CREDENTIAL_URL_KEYS as readonly string[]).includes(key)) return `got "${maskUrl(value)}"`;
  return `got "${value}"`;
}

/** Every secret value the environment holds (as given, and URL passwords also percent-decoded). */
function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values: string[] = [];
  for (const key of SECRET_KEYS) if (env[key]) values.push(env[key]);
  for (const key of CREDENTIAL_URL_KEYS) {
    const password = USERINFO_PASSWORD.exec(env[key] ?? '')?.[2];
    if (!password) continue;
    values.push(password);
    try {
      values.push(decodeURIComponent(password));
    } catch {
      // not valid percent-encoding: the raw form is all there is
    }
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** `text` with every secret of `env` replaced by `***`: for messages that may quote a driver or a URL. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  return secretValues(env).reduce((out, secret) => out.split(secret).join('***'), text);
}
