import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { ShellOptions } from './args.js';

/**
 * The request body exactly as ISC's kea-shell builds it: the command, the services, and the
 * text read from standard input wrapped in braces as the arguments map (when it has more
 * than one character).
 */
export function buildBody(command: string, services: readonly string[], args: string): string {
  let body = `{ "command": "${command}"`;
  const named = services.filter((service) => service !== '');
  if (named.length > 0) body += `, "service": ["${named.join('","')}"]`;
  if (args.length > 1) body += `, "arguments": { ${args} }`;
  return `${body} }`;
}

/** The URL kea-shell posts to; an IPv6 host is bracketed. */
export function targetUrl(options: ShellOptions): string {
  const scheme = options.ca ? 'https' : 'http';
  const host =
    options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  return `${scheme}://${host}:${options.port}/${options.path}`;
}

/** PEM certificates of --ca: a file, or every certificate file in a directory. */
function readCa(path: string): string[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .map((name) => join(path, name))
        .filter((file) => statSync(file).isFile())
    : [path];
  return files.flatMap(
    (file) =>
      readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [],
  );
}

export interface ShellResponse {
  status: number;
  reason: string;
  body: string;
}

/** Posts the body to the agent; rejects on a connection or TLS failure. */
export function sendToAgent(options: ShellOptions, body: string, version: string): Promise<ShellResponse> {
  const url = new URL(targetUrl(options));
  const headers: Record<string, string> = {
    'User-Agent': `Kea-shell/${version}`,
    Accept: '*/*',
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
  };
  if (options.authUser !== '') {
    headers.Authorization = `Basic ${Buffer.from(`${options.authUser}:${options.authPassword}`).toString('base64')}`;
  }
  const tls = options.ca
    ? {
        ca: readCa(options.ca),
        ...(options.cert ? { cert: readFileSync(options.cert), key: readFileSync(options.key) } : {}),
      }
    : {};
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      { method: 'POST', headers, ...tls, agent: false },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            reason: response.statusMessage ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
