import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/answer.js';
import { CommandArgumentError } from './argument-error.js';

/** The arguments map, or the error Kea gives when there is none or it is not a map. */
export function argumentMap(args: JsonValue | undefined, missing: string, notMap = missing): JsonObject {
  if (args === undefined) throw new CommandArgumentError(missing);
  if (!isJsonObject(args)) throw new CommandArgumentError(notMap);
  return args;
}

/** An optional arguments map: absent is an empty map, anything but a map is refused. */
export function optionalArgumentMap(args: JsonValue | undefined, notMap: string): JsonObject {
  if (args === undefined) return {};
  if (!isJsonObject(args)) throw new CommandArgumentError(notMap);
  return args;
}

export const UINT32_MAX = 0xffffffff;

/** Kea's integers are 64-bit; a handler casting one to uint32 keeps its low 32 bits. */
export function toUint32(value: number): number {
  return Number(BigInt.asUintN(32, BigInt(value)));
}
