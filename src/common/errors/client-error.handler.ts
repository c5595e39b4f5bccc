import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';

/**
 * Requests Node's HTTP parser rejects before Fastify sees them (a header value with a newline,
 * a malformed request line, headers too large) still get the API's error shape instead of
 * Fastify's default `{"message":"Client Error"}`. Connection-level faults get no answer.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(err);
    return;
  }
  const statusCode =
    err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({
    statusCode,
    error: STATUS_CODES[statusCode],
    code: 'MALFORMED_REQUEST',
    message:
      statusCode === 431
        ? 'Request headers are too large'
        : statusCode === 408
          ? 'Request timed out'
          : 'The HTTP request is malformed',
  });
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
