import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { clientErrorHandler } from './common/errors/client-error.handler';
import { createValidationPipe } from './common/errors/validation-error';
import { AppConfig } from './config/app-config';
import { setupOpenApi } from './openapi';
import { requestId } from './request-id';
import { LocalDiskStorage } from './storage/local-disk.storage';

export const API_PREFIX = 'api/v1';
/** The admin SPA build (vite) served at /admin. */
export const ADMIN_DIST = join(__dirname, '..', 'admin', 'dist');
export const ADMIN_ASSET_CACHE = 'public, max-age=31536000, immutable';
const isHashedAdminAsset = (path: string): boolean => path.startsWith(join(ADMIN_DIST, 'assets') + sep);

/** Builds the Nest application on Fastify and applies configureApp: what main.ts and the e2e harness both run. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const timeouts = httpTimeouts(config);
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    ...timeouts.fastify,
    http: timeouts.node,
    // Only trusted proxies may set the client IP (X-Forwarded-For): per-IP rate limits key on it.
    trustProxy: config.trustProxy,
    // Shutdown drains: in-flight requests finish and idle keep-alive sockets are closed by
    // Node's server.close(). Not 'idle': without a serverFactory Fastify 5 treats any truthy
    // value as "close ALL connections", which reset requests mid-flight. main.ts bounds the
    // drain with SHUTDOWN_GRACE_SECONDS and then force-closes what is left.
    forceCloseConnections: false,
    genReqId: requestId,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    // Webhook signatures are computed over the exact bytes received.
    rawBody: true,
  });
  await configureApp(app, config);
  return app;
}

/**
 * Slow clients are cut off (answered 408 where the request is still being read, by
 * clientErrorHandler): headers must arrive within HTTP_HEADERS_TIMEOUT_SECONDS and the whole
 * request within HTTP_REQUEST_TIMEOUT_SECONDS (Node's headersTimeout/requestTimeout, which Fastify
 * would otherwise turn off), a connection where nothing moves for HTTP_IDLE_TIMEOUT_SECONDS is closed
 * (Fastify's connectionTimeout: a body trickled a byte a minute, a client that stops reading),
 * and idle keep-alive connections after HTTP_KEEPALIVE_TIMEOUT_SECONDS. Node checks the first two
 * every connectionsCheckingInterval (30 s by default, so a 2 s limit could take 32 s): a quarter of
 * the smaller one here, between 250 ms and 5 s. Shutdown is unaffected: SHUTDOWN_GRACE_SECONDS
 * still bounds the drain of the requests these limits let through.
 */
export function httpTimeouts({ http }: AppConfig) {
  const headersTimeout = http.headersTimeoutSeconds * 1000;
  const requestTimeout = http.requestTimeoutSeconds * 1000;
  return {
    fastify: {
      requestTimeout,
      connectionTimeout: http.idleTimeoutSeconds * 1000,
      keepAliveTimeout: http.keepAliveTimeoutSeconds * 1000,
    },
    node: {
      headersTimeout,
      requestTimeout,
      connectionsCheckingInterval: Math.min(
        5000,
        Math.max(250, Math.min(headersTimeout, requestTimeout) / 4),
      ),
    },
  };
}

/** Pipes, filter, prefix, security headers, CORS, multipart, static files and OpenAPI. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  const filter = new AllExceptionsFilter();
  app.useGlobalFilters(filter);

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });

  // Security headers. helmet's middleware is built once here: @fastify/helmet rebuilds it (and
  // re-parses the CSP) on every request, which cost ~5% of a cached product read in the bench.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined)),
  );
  app.enableCors({
    origin: config.corsOrigins === '*' ? true : config.corsOrigins,
    // @fastify/cors allows only GET, HEAD and POST by default: a storefront on another origin
    // changes cart lines, its account and its wishlist with PATCH and DELETE.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    credentials: false,
    exposedHeaders: ['X-Request-Id', 'X-Cart-Token', 'Content-Range', 'X-Total-Count', 'Retry-After'],
  });
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10 } });

  const mediaRoot = LocalDiskStorage.mediaRoot(config);
  mkdirSync(mediaRoot, { recursive: true });
  await app.register(fastifyStatic, {
    root: mediaRoot,
    prefix: '/media/',
    // Media keys are content-unique (a new upload gets a new key), so they never change.
    maxAge: '365d',
    immutable: true,
    index: false,
  });
  if (existsSync(ADMIN_DIST)) {
    await app.register(fastifyStatic, {
      root: ADMIN_DIST,
      prefix: '/admin/',
      decorateReply: false,
      wildcard: false,
      cacheControl: false,
      // Vite's hashed file names under assets/ change with their content: cache them for good.
      // index.html (and anything unhashed) is revalidated on every load so a deploy shows at once.
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', isHashedAdminAsset(path) ? ADMIN_ASSET_CACHE : 'no-cache');
      },
    });
    // SPA fallback: deep links like /admin/products/1 load index.html; react-admin routes client-side.
    // A missing asset stays a 404 (an HTML page under a .js URL would fail obscurely).
    fastify.get('/admin', (_req, reply) => reply.redirect('/admin/'));
    fastify.get('/admin/*', (req, reply) => {
      if (req.url.startsWith('/admin/assets/')) return reply.callNotFound();
      return reply
        .header('Cache-Control', 'no-cache')
        .type('text/html')
        .send(createReadStream(join(ADMIN_DIST, 'index.html')));
    });
  }

  await setupOpenApi(app);
}
