import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { Options } from 'pino-http';
import { AppConfig } from './config/app-config';

/**
 * pino JSON logs, one line per API request, each with the request id (see request-id.ts).
 *
 * In production the lines go to stdout through pino's asynchronous destination (SonicBoom,
 * `sync: false`): a request no longer waits for a blocking write(2) of its access line; lines
 * written while a write is in flight are coalesced into the next one, and what is buffered is
 * flushed on exit. Every request is still logged (errors, writes and reads alike). Elsewhere
 * (tests, development) the default synchronous stdout is kept, so nothing is buffered.
 */
export function loggerOptions(config: AppConfig): Params {
  const options: Options = {
    level: config.logLevel,
    // Fastify's genReqId (request-id.ts) already put the id on the raw request.
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? randomUUID(),
    // What an access log needs, nothing more: no request or response headers, so no tokens,
    // cookies or cart tokens to redact, and a line of ~250 bytes instead of ~2 KB (the response
    // headers alone carried the whole CSP). Serialising them cost ~5% of a product read.
    serializers: {
      req: (req: {
        id: string;
        method: string;
        url: string;
        remoteAddress?: string;
        headers: Record<string, unknown>;
      }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
        userAgent: req.headers['user-agent'],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health/') },
  };
  return {
    // Nest 11's path syntax for "every route" (nestjs-pino's default '*' logs a conversion warning at boot).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: config.isProduction ? [options, pino.destination({ dest: 1, sync: false })] : options,
  };
}
