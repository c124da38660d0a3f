import { toKeaJson } from '@nestor/json';
import type { JsonValue } from '../protocol/answer.js';
import type { CommandRequest } from '../registry.js';

/** A path from the command's top-level map to one element: member names and list indexes. */
export type ElementPath = readonly (string | number)[];

const pathKey = (path: ElementPath): string => JSON.stringify(path);

/**
 * Where each element of a command starts, as Kea's parser counts it. Kea's argument errors end
 * with the element's position in the command text ("(<wire>:0:16)"): the line (0 on the first
 * line of a command read from a socket) and the number of bytes read before the element, plus
 * one for a map or a list (whose opening bracket has been read when its position is taken).
 *
 * Handlers do not see the bytes of the request, only its decoded value, so the text is rebuilt
 * the way Kea's and Nestor's control agents write a forwarded command (keys sorted, one line,
 * `{ "a": 1 }` spacing: toKeaJson's format). For a command that arrived in that form, which is
 * what both agents send, the positions are Kea's exactly; for any other layout they are where
 * the element would be in that form.
 */
export class WirePositions {
  private constructor(private readonly offsets: ReadonlyMap<string, number>) {}

  /** The positions of a request as the daemon received it (command, arguments, service...). */
  static of(
    request: Pick<CommandRequest, 'command' | 'arguments' | 'service' | 'remote-address'>,
  ): WirePositions {
    const top: Record<string, JsonValue> = { command: request.command };
    if (request.arguments !== undefined) top.arguments = request.arguments;
    if (request.service !== undefined) top.service = request.service;
    if (request['remote-address'] !== undefined) top['remote-address'] = request['remote-address'];
    const offsets = new Map<string, number>();
    layout(top, [], 0, offsets);
    return new WirePositions(offsets);
  }

  /** Kea's text for the position of the element at `path` ("<wire>:0:N"); `path` starts at the top. */
  at(path: ElementPath): string {
    return `<wire>:0:${this.offsets.get(pathKey(path)) ?? 0}`;
  }
}

/** UTF-8 length: Kea counts bytes, not characters. */
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Lays `value` out at byte `offset` in toKeaJson's format, recording each element's position,
 * and returns the offset just after it. Kept in step with toKeaJson by a test that compares
 * the lengths of both renderings.
 */
function layout(value: JsonValue, path: ElementPath, offset: number, out: Map<string, number>): number {
  if (Array.isArray(value)) {
    out.set(pathKey(path), offset + 1);
    let at = offset + 2; // "[ "
    value.forEach((item, index) => {
      if (index > 0) at += 2; // ", "
      at = layout(item, [...path, index], at, out);
    });
    return at + 2; // " ]"
  }
  if (value !== null && typeof value === 'object') {
    out.set(pathKey(path), offset + 1);
    let at = offset + 2; // "{ "
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    keys.forEach((key, index) => {
      if (index > 0) at += 2; // ", "
      at += bytes(JSON.stringify(key)) + 2; // "key":
      at = layout(value[key]!, [...path, key], at, out);
    });
    return at + 2; // " }"
  }
  out.set(pathKey(path), offset);
  return offset + bytes(scalarText(value));
}

/** A scalar as toKeaJson prints it (so -0 takes its two bytes, as Kea prints the double). */
function scalarText(value: null | boolean | number | string): string {
  return toKeaJson(value);
}
