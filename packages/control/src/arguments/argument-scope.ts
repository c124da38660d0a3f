import { isIP } from 'node:net';
import { ipv6BytesToText, ipv6TextToBytes } from '@nestor/codec';
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/answer.js';
import type { CommandRequest } from '../registry.js';
import { CommandArgumentError } from './argument-error.js';
import { type ElementPath, WirePositions } from './wire-positions.js';

/**
 * A command's arguments read as Kea's hook libraries read them, so that a refusal carries Kea's
 * words: members taken the way Kea's SimpleParser takes them ("missing parameter 'x' (pos)",
 * "invalid type specified for parameter 'x' (pos)", "out of range value (v) ..."), and the errors
 * Kea's JSON elements raise when used as what they are not ("get(string) called on a non-map
 * Element in (pos)").
 */
export class ArgumentScope {
  private constructor(
    /** The arguments as sent; undefined when the command had none. */
    readonly value: JsonValue | undefined,
    private readonly positions: WirePositions,
    private readonly path: ElementPath,
  ) {}

  static of(
    request: Pick<CommandRequest, 'command' | 'arguments' | 'service' | 'remote-address'>,
  ): ArgumentScope {
    return new ArgumentScope(request.arguments, WirePositions.of(request), ['arguments']);
  }

  /**
   * The scope of one element inside this one (a member of a map, an item of a list), so that a
   * nested lease is read with its own position in refusals. The element need not exist.
   */
  child(key: string | number): ArgumentScope {
    const value = this.value;
    let inner: JsonValue | undefined;
    if (typeof key === 'number') inner = Array.isArray(value) ? value[key] : undefined;
    else inner = isJsonObject(value) ? value[key] : undefined;
    return new ArgumentScope(inner, this.positions, [...this.path, key]);
  }

  /** Kea's position text of this scope, or of one of its members. */
  position(member?: string): string {
    return this.positions.at(member === undefined ? this.path : [...this.path, member]);
  }

  /** The arguments as a map, or the error of a member lookup (`get` or `contains`) on a non-map. */
  map(accessor: 'get' | 'contains' = 'get'): JsonObject {
    if (isJsonObject(this.value)) return this.value;
    throw new CommandArgumentError(`${accessor}(string) called on a non-map Element in (${this.position()})`);
  }

  has(name: string): boolean {
    return this.map('contains')[name] !== undefined;
  }

  /** A member, undefined when absent. */
  get(name: string): JsonValue | undefined {
    return this.map('get')[name];
  }

  // SimpleParser: a member that must be there, of one type.

  private required(name: string): JsonValue {
    const value = this.get(name);
    if (value === undefined)
      throw new CommandArgumentError(`missing parameter '${name}' (${this.position()})`);
    return value;
  }

  private wrongType(name: string): CommandArgumentError {
    return new CommandArgumentError(
      `invalid type specified for parameter '${name}' (${this.position(name)})`,
    );
  }

  getString(name: string): string {
    const value = this.required(name);
    if (typeof value !== 'string') throw this.wrongType(name);
    return value;
  }

  getBoolean(name: string): boolean {
    const value = this.required(name);
    if (typeof value !== 'boolean') throw this.wrongType(name);
    return value;
  }

  getInteger(name: string): number {
    const value = this.required(name);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw this.wrongType(name);
    return value;
  }

  /** An integer within an unsigned type's range (getUint8, getUint32). */
  getUnsigned(name: string, max: number): number {
    const value = this.getInteger(name);
    if (value < 0 || value > max) {
      throw new CommandArgumentError(
        `out of range value (${value}) specified for parameter '${name}' (${this.position(name)})`,
      );
    }
    return value;
  }

  /** An address member (v4 or v6, as Kea's IOAddress takes either), canonical. */
  getAddress(name: string): { text: string; v4: boolean } {
    const text = this.getString(name);
    const v6 = ipv6TextToBytes(text);
    if (v6 !== undefined) return { text: ipv6BytesToText(v6), v4: false };
    if (isIP(text) === 4) return { text, v4: true };
    throw new CommandArgumentError(
      `Failed to convert '${text}' to address: ${addressFailure(text)}(${this.position(name)})`,
    );
  }

  // Element accessors: a member used as a type it does not have.

  intValue(name: string): number {
    const value = this.get(name);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    throw new CommandArgumentError(`intValue() called on non-integer Element in (${this.position(name)})`);
  }

  stringValue(name: string): string {
    const value = this.get(name);
    if (typeof value === 'string') return value;
    throw new CommandArgumentError(`stringValue() called on non-string Element in (${this.position(name)})`);
  }
}

/** What Kea's address parser says of a text that is no address. */
export function addressFailure(text: string): string {
  return `Failed to convert string to address '${text}': Invalid argument`;
}
