import { toKeaJson } from '../protocol/kea-json.js';

/** Reason phrases for the stock answers, as Kea words its `{ "result": code, "text": ... }` body. */
export const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The JSON body of a stock answer. */
export function stockBody(status: number): string {
  return toKeaJson({ result: status, text: REASONS[status] ?? 'Error' });
}

/**
 * A whole stock answer to write straight on a socket, for when there is no request to answer
 * through (node's deadlines, a request it cannot parse, a connection turned away): the
 * connection closes after it.
 */
export function rawStockAnswer(status: number): string {
  const body = stockBody(status);
  return (
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}
