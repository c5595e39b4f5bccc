import { AddressInfo, createConnection, Socket } from 'node:net';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Slow clients are cut off (HTTP_*_TIMEOUT_SECONDS, see httpTimeouts in src/app.setup.ts): over a
 * raw socket, because an in-process inject() has no connection to be slow on. Each case trickles
 * bytes (or sends nothing) and asserts the server answers 408 or closes within the configured
 * bound plus Node's check interval (250 ms here) and generous slack for a loaded machine.
 */
const SLACK_MS = 3000;

interface RawClient {
  socket: Socket;
  /** Everything the server sent. */
  received: () => string;
  /** Resolves with the milliseconds from connect to the server closing the connection. */
  closed: Promise<number>;
}

async function connect(t: TestApp): Promise<RawClient> {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const socket = createConnection({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined); // a reset after the server gave up is expected
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString()));
  await new Promise((resolve) => socket.once('connect', resolve));
  const started = Date.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  return { socket, received: () => text, closed };
}

/** Writes one byte every `everyMs` until the connection closes: never idle, never finished. */
function trickle(client: RawClient, everyMs: number): void {
  const timer = setInterval(() => client.socket.writable && client.socket.write('a'), everyMs);
  void client.closed.then(() => clearInterval(timer));
}

const loginHeaders = (contentLength: number) =>
  `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
  `Content-Length: ${contentLength}\r\nExpect: 100-continue\r\n\r\n`;

describe('HTTP timeouts: headers, whole request, keep-alive', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('http_timeouts', {
      HTTP_HEADERS_TIMEOUT_SECONDS: '1',
      HTTP_REQUEST_TIMEOUT_SECONDS: '2',
      HTTP_IDLE_TIMEOUT_SECONDS: '60',
      HTTP_KEEPALIVE_TIMEOUT_SECONDS: '1',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('a body trickled a byte at a time is cut off at HTTP_REQUEST_TIMEOUT_SECONDS with a 408', async () => {
    const client = await connect(t);
    client.socket.write(`${loginHeaders(1_000_000)}{`);
    trickle(client, 200);
    const ms = await client.closed;
    const text = client.received();
    // The server had read the headers (100 Continue) and was waiting for the body.
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 408 Request Timeout\r\n/);
    expect(JSON.parse(text.slice(text.lastIndexOf('\r\n\r\n') + 4))).toEqual({
      statusCode: 408,
      error: 'Request Timeout',
      code: 'REQUEST_TIMEOUT',
      message: 'The request did not arrive in time',
    });
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(2000 + 250 + SLACK_MS);
  });

  it('headers that never finish are cut off at HTTP_HEADERS_TIMEOUT_SECONDS with a 408', async () => {
    const client = await connect(t);
    client.socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    trickle(client, 200);
    const ms = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(1000 + 250 + SLACK_MS);
  });

  it('an idle keep-alive connection is closed after HTTP_KEEPALIVE_TIMEOUT_SECONDS', async () => {
    const client = await connect(t);
    client.socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    const ms = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Keep-Alive: timeout=1\r\n/i);
    expect(ms).toBeGreaterThanOrEqual(900);
    // Node adds a one-second buffer to the keep-alive socket timeout.
    expect(ms).toBeLessThan(2000 + SLACK_MS);
  });

  it('a client that sends its request at a normal pace is not affected', async () => {
    const body = JSON.stringify({ email: 'nobody@example.test', password: 'wrong-password-1' });
    const client = await connect(t);
    client.socket.write(`${loginHeaders(Buffer.byteLength(body))}${body}`);
    await client.closed;
    expect(client.received()).toMatch(/HTTP\/1\.1 401 Unauthorized\r\n/);
  });
});

describe('HTTP timeouts: a silent connection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('http_idle', {
      HTTP_HEADERS_TIMEOUT_SECONDS: '30',
      HTTP_REQUEST_TIMEOUT_SECONDS: '60',
      HTTP_IDLE_TIMEOUT_SECONDS: '1',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('a body that stops arriving is closed after HTTP_IDLE_TIMEOUT_SECONDS, long before the request timeout', async () => {
    const client = await connect(t);
    client.socket.write(`${loginHeaders(100)}{`);
    const ms = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(1000 + SLACK_MS);
  });
});
