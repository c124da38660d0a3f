import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ControlError } from '../errors.js';
import type { JsonObject } from '../protocol/answer.js';

/** Kea's TLS keys of an HTTP control endpoint. */
export interface TlsSettings {
  trustAnchor: string;
  certFile: string;
  keyFile: string;
  /** Require (and verify) a client certificate; Kea's default is true. */
  certRequired: boolean;
}

/** What node's TLS server takes. */
export interface TlsServerOptions {
  ca: string[];
  cert: string;
  key: string;
  requestCert: boolean;
  rejectUnauthorized: boolean;
}

/**
 * Reads the TLS keys of a map (trust-anchor, cert-file, key-file, cert-required): none set
 * means plain HTTP; some but not all set is refused, as Kea refuses it.
 */
export function parseTlsSettings(
  map: JsonObject,
  where: string,
): { ok: true; tls: TlsSettings | undefined } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const text = (key: string): string => {
    const v = map[key];
    if (v === undefined) return '';
    if (typeof v !== 'string') {
      problems.push(`${where}.${key}: must be a string`);
      return '';
    }
    return v;
  };
  const trustAnchor = text('trust-anchor');
  const certFile = text('cert-file');
  const keyFile = text('key-file');
  const required = map['cert-required'] ?? true;
  if (typeof required !== 'boolean') problems.push(`${where}.cert-required: must be a boolean`);
  if (problems.length > 0) return { ok: false, problems };
  if (trustAnchor === '' && certFile === '' && keyFile === '') return { ok: true, tls: undefined };
  for (const [key, value] of [
    ['trust-anchor', trustAnchor],
    ['cert-file', certFile],
    ['key-file', keyFile],
  ] as const) {
    if (value === '') {
      problems.push(
        `${where}: ${key} parameter is missing or empty: all or none of TLS parameters must be set`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, tls: { trustAnchor, certFile, keyFile, certRequired: required as boolean } };
}

/** PEM certificates of a trust anchor: one file, or every certificate file of a directory. */
function readTrustAnchor(path: string): string[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .map((name) => join(path, name))
        .filter((file) => statSync(file).isFile())
    : [path];
  const certificates: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
    if (blocks) certificates.push(...blocks);
  }
  if (certificates.length === 0) throw new Error(`no certificate found in ${path}`);
  return certificates;
}

/** Loads the files named by TLS settings; a missing or unreadable one is a ControlError. */
export function loadTlsServerOptions(tls: TlsSettings): TlsServerOptions {
  try {
    return {
      ca: readTrustAnchor(tls.trustAnchor),
      cert: readFileSync(tls.certFile, 'utf8'),
      key: readFileSync(tls.keyFile, 'utf8'),
      requestCert: tls.certRequired,
      rejectUnauthorized: tls.certRequired,
    };
  } catch (err) {
    throw new ControlError('tls-files', `cannot load TLS files: ${(err as Error).message}`);
  }
}
