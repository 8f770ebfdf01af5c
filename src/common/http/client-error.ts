import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

import { ERROR_HTTP_STATUS, ErrorCode } from '../errors/error-code';

/**
 * Replies to requests that Node's HTTP parser rejects before any middleware runs (oversized
 * headers, bare CR or LF in a header, Content-Length with Transfer-Encoding) with the JSON error
 * envelope, instead of Node's empty-bodied default.
 */
export function handleClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();

    return;
  }

  const code =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ErrorCode.RequestHeaderTooLarge
      : ErrorCode.InvalidRequest;
  const status = ERROR_HTTP_STATUS[code];
  const detail =
    code === ErrorCode.RequestHeaderTooLarge
      ? 'The request headers are too large.'
      : 'The request is not valid HTTP.';
  const body = JSON.stringify({ code, detail, status_code: status });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
