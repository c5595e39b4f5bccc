import { envSchema } from './env.schema';
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
  | 'analyticsExport';

export interface RateLimit {
  perIpPerMinute: number;
  /** Unset: the route has no account to count (guest carts). */
  perAccountPerMinute?: number;
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
    },
    payments: {
      fake,
      stripe: {
        secretKey: e.STRIPE_SECRET_KEY,
        webhookSecret: e.STRIPE_WEBHOOK_SECRET,
        apiUrl: e.STRIPE_API_URL,
      },
      paystack: { secretKey: e.PAYSTACK_SECRET_KEY, apiUrl: e.PAYSTACK_API_URL },
    },
    storefrontUrl: (e.STOREFRONT_URL ?? publicUrl).replace(/\/$/, ''),
    redisUrl: e.REDIS_URL,
    seedDemo,
    jobsEnabled: e.JOBS_ENABLED ?? true,
    warnings,
  });
}
