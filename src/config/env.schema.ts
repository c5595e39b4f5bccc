import { isIP } from 'node:net';
import { z } from 'zod';
import { CURRENCY_EXPONENTS } from '../common/money';
import { canonicalZone } from '../common/time-zone';

/**
 * Every environment key the service reads, with its default and its rule.
 * `.env.example` documents the same keys; keep the two in step.
 */
/** An optional boolean; defaults that depend on NODE_ENV are applied in loadConfig. */
const bool = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional();

const int = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^-?\d+$/, { message: `must be an integer between ${min} and ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    )
    .optional()
    .transform((v) => v ?? fallback);

const url = (protocols: string[]) =>
  z
    .string()
    .url({ message: 'must be a URL' })
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
      message: `must be a ${protocols.join(' or ')} URL`,
    })
    .optional();

/** The highest CART_MAX_LINE_QUANTITY may be set to (the cart DTOs' own bound). */
export const CART_QUANTITY_CEILING = 1_000_000;

const optionalString = z.string().min(1).optional();

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyEntry = (entry: string) => {
  if (PROXY_NAMES.includes(entry)) return true;
  const [ip, bits, extra] = entry.split('/');
  const family = isIP(ip);
  if (!family || extra !== undefined) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
};

/**
 * Which peers may set X-Forwarded-For (and so the client IP that per-IP rate limits key on):
 * `false`, `true` (anyone: only behind a proxy that overwrites the header), a hop count, or
 * comma-separated addresses, CIDRs and the names loopback / linklocal / uniquelocal.
 */
const trustProxy = z
  .string()
  .default('loopback')
  .transform((v, ctx): boolean | number | string => {
    const value = v.trim();
    if (value === 'true' || value === 'false') return value === 'true';
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((e) => e.trim());
    if (entries.every(isProxyEntry)) return entries.join(',');
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        'must be true, false, a hop count, or IP addresses/CIDRs (or loopback, linklocal, uniquelocal)',
    });
    return z.NEVER;
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: url(['http', 'https']),
  DATABASE_URL: url(['postgres', 'postgresql']),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  DATA_DIR: z.string().min(1).default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().default('*'),
  TRUST_PROXY: trustProxy,
  SHUTDOWN_GRACE_SECONDS: int(10, 0, 600),
  // Slow clients (see createApp): the request's headers, the whole request, a silent connection, keep-alive.
  HTTP_HEADERS_TIMEOUT_SECONDS: int(20, 1, 600),
  HTTP_REQUEST_TIMEOUT_SECONDS: int(120, 1, 3600),
  HTTP_IDLE_TIMEOUT_SECONDS: int(60, 1, 3600),
  HTTP_KEEPALIVE_TIMEOUT_SECONDS: int(72, 1, 3600),
  JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  JWT_ACCESS_TTL_SECONDS: int(900, 30, 86_400),
  JWT_REFRESH_TTL_DAYS: int(30, 1, 365),
  ADMIN_EMAIL: z.string().email({ message: 'must be an email address' }).optional(),
  ADMIN_PASSWORD: z.string().min(10, { message: 'must be at least 10 characters' }).optional(),
  STORE_CURRENCY: z
    .string()
    .default('USD')
    .refine((c) => c in CURRENCY_EXPONENTS, {
      message: 'must be a supported ISO-4217 code such as USD, EUR, NGN',
    }),
  STORE_TIMEZONE: z
    .string()
    .default('UTC')
    .refine((tz) => canonicalZone(tz) !== null, {
      message: 'must be an IANA time zone such as Europe/Berlin',
    })
    .transform((tz) => canonicalZone(tz)!),
  ANALYTICS_COUNT_VIEWS: bool(),
  SHIPPING_FEE: int(500, 0),
  FREE_SHIPPING_OVER: int(5000, 0),
  ORDER_TTL_MINUTES: int(30, 1, 10_080),
  GUEST_CART_TTL_DAYS: int(30, 1, 365),
  CART_MAX_LINE_QUANTITY: int(999, 1, CART_QUANTITY_CEILING),
  CART_MAX_LINES: int(100, 1, 1000),
  UPLOAD_MAX_BYTES: int(5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
  THROTTLE_AUTH_PER_MINUTE: int(100, 1, 100_000),
  // Expensive routes, per client IP and per account (see RouteRateLimitGuard).
  THROTTLE_SEARCH_PER_MINUTE: int(300, 1, 1_000_000),
  THROTTLE_SEARCH_PER_ACCOUNT_PER_MINUTE: int(120, 1, 1_000_000),
  THROTTLE_UPLOADS_PER_MINUTE: int(60, 1, 1_000_000),
  THROTTLE_UPLOADS_PER_ACCOUNT_PER_MINUTE: int(30, 1, 1_000_000),
  THROTTLE_GUEST_CARTS_PER_MINUTE: int(60, 1, 1_000_000),
  THROTTLE_CHECKOUT_PER_MINUTE: int(60, 1, 1_000_000),
  THROTTLE_CHECKOUT_PER_ACCOUNT_PER_MINUTE: int(10, 1, 1_000_000),
  THROTTLE_PAYMENT_STATUS_PER_MINUTE: int(120, 1, 1_000_000),
  // Review, comment and helpful-vote creation (reviews module).
  THROTTLE_REVIEWS_PER_MINUTE: int(60, 1, 1_000_000),
  THROTTLE_REVIEWS_PER_ACCOUNT_PER_MINUTE: int(10, 1, 1_000_000),
  THROTTLE_COMMENTS_PER_MINUTE: int(60, 1, 1_000_000),
  THROTTLE_COMMENTS_PER_ACCOUNT_PER_MINUTE: int(10, 1, 1_000_000),
  THROTTLE_VOTES_PER_MINUTE: int(300, 1, 1_000_000),
  THROTTLE_VOTES_PER_ACCOUNT_PER_MINUTE: int(60, 1, 1_000_000),
  THROTTLE_ANALYTICS_EXPORT_PER_MINUTE: int(30, 1, 1_000_000),
  THROTTLE_ANALYTICS_EXPORT_PER_ACCOUNT_PER_MINUTE: int(10, 1, 1_000_000),
  THROTTLE_ORDERS_EXPORT_PER_MINUTE: int(30, 1, 1_000_000),
  THROTTLE_ORDERS_EXPORT_PER_ACCOUNT_PER_MINUTE: int(10, 1, 1_000_000),
  LOGIN_MAX_FAILURES: int(5, 1, 100),
  LOGIN_FAILURE_WINDOW_MINUTES: int(15, 1, 1440),
  LOGIN_BACKOFF_MAX_SECONDS: int(900, 1, 86_400),
  LOGIN_ACCOUNT_MAX_FAILURES: int(100, 1, 1_000_000),
  PAYMENTS_FAKE: bool(),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_API_URL: url(['http', 'https']),
  PAYSTACK_SECRET_KEY: optionalString,
  PAYSTACK_API_URL: url(['http', 'https']),
  // Crypto (USDC-style token on an EVM chain): the provider is on only when the six keys below are set.
  CRYPTO_CHAIN_ID: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, {
      message: 'must be a positive integer chain id (1 Ethereum, 8453 Base, 137 Polygon)',
    })
    .transform(Number)
    .optional(),
  CRYPTO_RPC_URL: url(['http', 'https']),
  CRYPTO_TOKEN_ADDRESS: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/, { message: 'must be a 0x-prefixed 20-byte hex address' })
    .optional(),
  CRYPTO_TOKEN_DECIMALS: z
    .string()
    .regex(/^\d{1,2}$/, { message: 'must be an integer between 0 and 36' })
    .transform(Number)
    .pipe(z.number().max(36, { message: 'must be an integer between 0 and 36' }))
    .optional(),
  CRYPTO_TOKEN_CURRENCY: z
    .string()
    .refine((c) => c in CURRENCY_EXPONENTS, {
      message: 'must be a supported ISO-4217 code such as USD, EUR, NGN',
    })
    .optional(),
  CRYPTO_XPUB: optionalString,
  CRYPTO_CONFIRMATIONS: int(12, 1, 10_000),
  CRYPTO_PAYMENT_WINDOW_MINUTES: int(30, 1, 10_080),
  STOREFRONT_URL: url(['http', 'https']),
  REDIS_URL: url(['redis', 'rediss']),
  SEED_DEMO: bool(),
  JOBS_ENABLED: bool(),
});

export type EnvVars = z.infer<typeof envSchema>;
