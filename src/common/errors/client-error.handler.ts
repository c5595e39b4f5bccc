import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';

/**
 * Requests Node's HTTP parser rejects before Fastify sees them (a header value with a newline,
 * a malformed request line, headers too large, a request that did not arrive within the HTTP
 * timeouts: 408 REQUEST_TIMEOUT) still get the API's error shape instead of
 * Fastify's default `{"message":"Client Error"}`. Connection-level faults get no answer.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A response already under way (e.g. answered before a slow body finished, then timed out) must
  // not get a second status line written into it: close instead, as Node's own handler does.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy(err);
    return;
  }
  const statusCode =
    err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({
    statusCode,
    error: STATUS_CODES[statusCode],
    code: statusCode === 408 ? 'REQUEST_TIMEOUT' : 'MALFORMED_REQUEST',
    message:
      statusCode === 431
        ? 'Request headers are too large'
        : statusCode === 408
          ? 'The request did not arrive in time'
          : 'The HTTP request is malformed',
  });
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
