import { loadConfig } from './config/app-config';
import { loggerOptions } from './logger.options';

describe('loggerOptions', () => {
  const pinoHttp = loggerOptions(loadConfig({ NODE_ENV: 'test' })).pinoHttp as {
    serializers: { req(req: unknown): object; res(res: unknown): object };
  };

  it('logs no request headers: tokens, cookies and cart tokens never reach the logs', () => {
    const line = pinoHttp.serializers.req({
      id: 'r1',
      method: 'POST',
      url: '/api/v1/checkout',
      remoteAddress: '203.0.113.9',
      headers: {
        authorization: 'Bearer secret',
        cookie: 'sid=secret',
        'x-cart-token': 'secret',
        'user-agent': 'curl/8',
      },
    });
    expect(line).toEqual({
      id: 'r1',
      method: 'POST',
      url: '/api/v1/checkout',
      remoteAddress: '203.0.113.9',
      userAgent: 'curl/8',
    });
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('logs the status code of the response, not its headers', () => {
    expect(pinoHttp.serializers.res({ statusCode: 201, getHeaders: () => ({ 'set-cookie': 'x' }) })).toEqual({
      statusCode: 201,
    });
  });
});

describe('loggerOptions in production', () => {
  it('writes through an asynchronous stdout destination (a request does not wait for write(2))', () => {
    const options = loggerOptions(loadConfig({ NODE_ENV: 'test' }).with({ env: 'production' })).pinoHttp;
    expect(Array.isArray(options)).toBe(true);
    const [, stream] = options as [unknown, { fd: number; sync: boolean; end(): void }];
    expect({ fd: stream.fd, sync: stream.sync }).toEqual({ fd: 1, sync: false });
  });
});
