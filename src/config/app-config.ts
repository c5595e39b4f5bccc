import { HDKey } from '@scure/bip32';
import { getAddress } from 'viem';
import { CURRENCY_EXPONENTS } from '../common/money';
import { EnvVars, envSchema } from './env.schema';
import { describeValue } from './secrets';

export interface HttpTimeouts {
  /** The request line and headers must arrive within this (slowloris). */
  headersTimeoutSeconds: number;
  /** The whole request, body included, must arrive within this: covers the largest upload on a slow link. */
  requestTimeoutSeconds: number;
  /** A connection on which no byte moves either way for this long is closed (stalled bodies, clients that stop reading). */
  idleTimeoutSeconds: number;
  /** An idle keep-alive connection is closed after this; keep it above the load balancer's idle timeout. */
  keepAliveTimeoutSeconds: number;
}

export type RateLimitPolicy =
  | 'search'
  | 'uploads'
  | 'guestCarts'
  | 'checkout'
  | 'paymentStatus'
  | 'reviews'
  | 'comments'
  | 'votes'
  | 'analyticsExport'
  | 'ordersExport';

export interface RateLimit {
  perIpPerMinute: number;
  /** Unset: the route has no account to count (guest carts). */
  perAccountPerMinute?: number;
}

/** The crypto provider's settings (see src/payment/crypto/). */
export interface CryptoSettings {
  chainId: number;
  rpcUrl: string;
  /** EIP-55 checksummed. */
  tokenAddress: string;
  tokenDecimals: number;
  tokenCurrency: string;
  /** BIP-32 extended PUBLIC key; deposit addresses are its children 0/i. */
  xpub: string;
  confirmations: number;
  windowMinutes: number;
}

/** Thrown when the environment is invalid; its message is one line per bad key. */
export class ConfigError extends Error {}

/**
 * Typed configuration, the only way code reads settings (no `process.env` elsewhere).
 * It is also the DI token: inject `AppConfig` wherever a setting is needed.
 */
export class AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** Base URL clients reach this server at; used for media and fake payment links. */
  readonly publicUrl: string;
  /** Set when an external PostgreSQL is used; otherwise main.ts fills it with the embedded server's URL. */
  readonly databaseUrl?: string;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly corsOrigins: string[] | '*';
  /** Fastify `trustProxy`: which peers' X-Forwarded-For sets the client IP. */
  readonly trustProxy: boolean | number | string;
  /** How long SIGTERM waits for in-flight requests before closing the remaining connections. */
  readonly shutdownGraceSeconds: number;
  /** Bounds on slow clients, in seconds (applied to the HTTP server in createApp). */
  readonly http: HttpTimeouts;
  readonly jwt: { secret?: string; accessTtlSeconds: number; refreshTtlDays: number };
  readonly admin: { email?: string; password?: string };
  readonly currency: string;
  /** IANA zone analytics dates and buckets are in unless a request says `tz`. */
  readonly storeTimezone: string;
  /** Whether product detail reads are counted for analytics (views, conversion). */
  readonly analyticsCountViews: boolean;
  readonly shipping: { fee: number; freeOver: number };
  readonly orderTtlMinutes: number;
  readonly guestCartTtlDays: number;
  /** Units one cart line may hold and lines one cart may hold (CART_MAX_LINE_QUANTITY, CART_MAX_LINES). */
  readonly cart: { maxLineQuantity: number; maxLines: number };
  readonly uploadMaxBytes: number;
  /** Per-IP limit of the auth routes, and the login policy (see accounts/rate-limit/login-policy.ts). */
  readonly throttle: {
    authPerMinute: number;
    loginMaxFailures: number;
    loginFailureWindowMinutes: number;
    loginBackoffMaxSeconds: number;
    loginAccountMaxFailures: number;
  };
  /** Per-minute limits of the expensive routes, per client IP and per account (RouteRateLimitGuard). */
  readonly rateLimits: Record<RateLimitPolicy, RateLimit>;
  readonly payments: {
    fake: boolean;
    stripe: { secretKey?: string; webhookSecret?: string; apiUrl?: string };
    paystack: { secretKey?: string; apiUrl?: string };
    /** Set only when every CRYPTO_* key is set, valid, and the token's currency is the store's. */
    crypto?: CryptoSettings;
    /** Why the crypto provider is off though some CRYPTO_* key is set (one line for the boot log). */
    cryptoOff?: string;
  };
  readonly storefrontUrl: string;
  readonly redisUrl?: string;
  readonly seedDemo: boolean;
  readonly jobsEnabled: boolean;
  /** Settings that are allowed but risky, one line each, for the boot log. */
  readonly warnings: string[];

  get isProduction(): boolean {
    return this.env === 'production';
  }

  /** A copy with some fields replaced (tests, and main.ts once the database URL is known). */
  with(overrides: Partial<Omit<AppConfig, 'with' | 'isProduction'>>): AppConfig {
    return Object.assign(Object.create(AppConfig.prototype) as AppConfig, this, overrides);
  }
}

/** Parses and validates the environment. Throws ConfigError naming each bad key. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  // Empty strings in .env files mean "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      // Secrets are named, never shown (nor a URL's password): boot output ends up in shared logs.
      const got = present[key] === undefined ? 'missing' : describeValue(key, present[key]);
      return `Invalid configuration: ${key} ${issue.message} (${got})`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  // The demo conveniences (payments anyone can complete, accounts with published passwords) are
  // on by default only for the demo itself: the embedded database, outside production.
  const demo = !production && !e.DATABASE_URL;
  const fake = e.PAYMENTS_FAKE ?? demo;
  const seedDemo = e.SEED_DEMO ?? demo;
  const problems: string[] = [];
  if (production && !e.JWT_SECRET) problems.push('JWT_SECRET is required when NODE_ENV=production');
  if (production && fake) problems.push('PAYMENTS_FAKE must be false when NODE_ENV=production');
  if (e.HTTP_HEADERS_TIMEOUT_SECONDS > e.HTTP_REQUEST_TIMEOUT_SECONDS)
    problems.push('HTTP_HEADERS_TIMEOUT_SECONDS must not exceed HTTP_REQUEST_TIMEOUT_SECONDS');
  if (!!e.STRIPE_SECRET_KEY !== !!e.STRIPE_WEBHOOK_SECRET)
    problems.push('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together');
  if (!!e.ADMIN_EMAIL !== !!e.ADMIN_PASSWORD)
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  const crypto = cryptoSettings(e, problems);
  if (problems.length) throw new ConfigError(problems.map((p) => `Invalid configuration: ${p}`).join('\n'));

  const risky = [
    fake && 'PAYMENTS_FAKE=true (anyone can mark an order paid without paying)',
    seedDemo && 'SEED_DEMO=true (demo accounts with published passwords)',
  ].filter((w): w is string => !!w);
  const warnings =
    e.DATABASE_URL && risky.length
      ? [`Demo settings with an external DATABASE_URL: ${risky.join(' and ')}; unset them outside a demo`]
      : [];

  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const config = new AppConfig();
  return config.with({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    corsOrigins:
      e.CORS_ORIGINS.trim() === '*'
        ? '*'
        : e.CORS_ORIGINS.split(',')
            .map((o) => o.trim())
            .filter(Boolean),
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    trustProxy: e.TRUST_PROXY,
    http: {
      headersTimeoutSeconds: e.HTTP_HEADERS_TIMEOUT_SECONDS,
      requestTimeoutSeconds: e.HTTP_REQUEST_TIMEOUT_SECONDS,
      idleTimeoutSeconds: e.HTTP_IDLE_TIMEOUT_SECONDS,
      keepAliveTimeoutSeconds: e.HTTP_KEEPALIVE_TIMEOUT_SECONDS,
    },
    jwt: {
      secret: e.JWT_SECRET,
      accessTtlSeconds: e.JWT_ACCESS_TTL_SECONDS,
      refreshTtlDays: e.JWT_REFRESH_TTL_DAYS,
    },
    admin: { email: e.ADMIN_EMAIL?.toLowerCase(), password: e.ADMIN_PASSWORD },
    currency: e.STORE_CURRENCY,
    storeTimezone: e.STORE_TIMEZONE,
    analyticsCountViews: e.ANALYTICS_COUNT_VIEWS ?? true,
    shipping: { fee: e.SHIPPING_FEE, freeOver: e.FREE_SHIPPING_OVER },
    orderTtlMinutes: e.ORDER_TTL_MINUTES,
    guestCartTtlDays: e.GUEST_CART_TTL_DAYS,
    cart: { maxLineQuantity: e.CART_MAX_LINE_QUANTITY, maxLines: e.CART_MAX_LINES },
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    throttle: {
      authPerMinute: e.THROTTLE_AUTH_PER_MINUTE,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginFailureWindowMinutes: e.LOGIN_FAILURE_WINDOW_MINUTES,
      loginBackoffMaxSeconds: e.LOGIN_BACKOFF_MAX_SECONDS,
      loginAccountMaxFailures: e.LOGIN_ACCOUNT_MAX_FAILURES,
    },
    rateLimits: {
      search: {
        perIpPerMinute: e.THROTTLE_SEARCH_PER_MINUTE,
        perAccountPerMinute: e.THROTTLE_SEARCH_PER_ACCOUNT_PER_MINUTE,
      },
      uploads: {
        perIpPerMinute: e.THROTTLE_UPLOADS_PER_MINUTE,
        perAccountPerMinute: e.THROTTLE_UPLOADS_PER_ACCOUNT_PER_MINUTE,
      },
      guestCarts: { perIpPerMinute: e.THROTTLE_GUEST_CARTS_PER_MINUTE },
      checkout: {
        perIpPerMinute: e.THROTTLE_CHECKOUT_PER_MINUTE,
        perAccountPerMinute: e.THROTTLE_CHECKOUT_PER_ACCOUNT_PER_MINUTE,
      },
      // GET /payments/:reference may ask Stripe/Paystack about a pending payment: public, so per IP.
      paymentStatus: { perIpPerMinute: e.THROTTLE_PAYMENT_STATUS_PER_MINUTE },
      reviews: {
        perIpPerMinute: e.THROTTLE_REVIEWS_PER_MINUTE,
        perAccountPerMinute: e.THROTTLE_REVIEWS_PER_ACCOUNT_PER_MINUTE,
      },
      comments: {
        perIpPerMinute: e.THROTTLE_COMMENTS_PER_MINUTE,
        perAccountPerMinute: e.THROTTLE_COMMENTS_PER_ACCOUNT_PER_MINUTE,
      },
      votes: {
        perIpPerMinute: e.THROTTLE_VOTES_PER_MINUTE,
        perAccountPerMinute: e.THROTTLE_VOTES_PER_ACCOUNT_PER_MINUTE,
      },
      analyticsExport: {
        perIpPerMinute: e.THROTTLE_ANALYTICS_EXPORT_PER_MINUTE,
        perAccountPerMinute: e.THROTTLE_ANALYTICS_EXPORT_PER_ACCOUNT_PER_MINUTE,
      },
      ordersExport: {
        perIpPerMinute: e.THROTTLE_ORDERS_EXPORT_PER_MINUTE,
        perAccountPerMinute: e.THROTTLE_ORDERS_EXPORT_PER_ACCOUNT_PER_MINUTE,
      },
    },
    payments: {
      fake,
      stripe: {
        secretKey: e.STRIPE_SECRET_KEY,
        webhookSecret: e.STRIPE_WEBHOOK_SECRET,
        apiUrl: e.STRIPE_API_URL,
      },
      paystack: { secretKey: e.PAYSTACK_SECRET_KEY, apiUrl: e.PAYSTACK_API_URL },
      ...crypto,
    },
    storefrontUrl: (e.STOREFRONT_URL ?? publicUrl).replace(/\/$/, ''),
    redisUrl: e.REDIS_URL,
    seedDemo,
    jobsEnabled: e.JOBS_ENABLED ?? true,
    warnings,
  });
}

const CRYPTO_REQUIRED = [
  'CRYPTO_CHAIN_ID',
  'CRYPTO_RPC_URL',
  'CRYPTO_TOKEN_ADDRESS',
  'CRYPTO_TOKEN_DECIMALS',
  'CRYPTO_TOKEN_CURRENCY',
  'CRYPTO_XPUB',
] as const;

/**
 * The crypto provider's settings: none set → off, silently; some set → off, with the missing keys
 * named; all set → validated (a bad xpub, or a private key pasted in its place, stops the boot);
 * a token pegged to another currency than the store's → off, with the reason.
 */
function cryptoSettings(e: EnvVars, problems: string[]): { crypto?: CryptoSettings; cryptoOff?: string } {
  const missing = CRYPTO_REQUIRED.filter((k) => e[k] === undefined);
  if (missing.length === CRYPTO_REQUIRED.length) return {};
  if (missing.length)
    return {
      cryptoOff: `crypto payments are off: ${missing.join(', ')} not set (all six CRYPTO_* keys are needed)`,
    };
  const xpub = e.CRYPTO_XPUB!.trim();
  let key: HDKey | undefined;
  try {
    key = HDKey.fromExtendedKey(xpub);
  } catch {
    problems.push(
      "CRYPTO_XPUB must be a BIP-32 extended public key (xpub...), e.g. exported for m/44'/60'/0'",
    );
  }
  if (key?.privateKey) {
    problems.push(
      'CRYPTO_XPUB is a PRIVATE extended key: give the extended public key (xpub...), never a key that can spend',
    );
  }
  const decimals = e.CRYPTO_TOKEN_DECIMALS!;
  const currency = e.CRYPTO_TOKEN_CURRENCY!;
  if (decimals < (CURRENCY_EXPONENTS[currency] ?? 0))
    problems.push(
      `CRYPTO_TOKEN_DECIMALS (${decimals}) must be at least the minor-unit digits of ${currency} (${CURRENCY_EXPONENTS[currency]})`,
    );
  if (currency !== e.STORE_CURRENCY)
    return {
      cryptoOff: `crypto payments are off: CRYPTO_TOKEN_CURRENCY is ${currency} but STORE_CURRENCY is ${e.STORE_CURRENCY} (the token must be pegged 1:1 to the store's currency)`,
    };
  return {
    crypto: {
      chainId: e.CRYPTO_CHAIN_ID!,
      rpcUrl: e.CRYPTO_RPC_URL!,
      tokenAddress: getAddress(e.CRYPTO_TOKEN_ADDRESS!),
      tokenDecimals: decimals,
      tokenCurrency: currency,
      xpub,
      confirmations: e.CRYPTO_CONFIRMATIONS,
      windowMinutes: e.CRYPTO_PAYMENT_WINDOW_MINUTES,
    },
  };
}
