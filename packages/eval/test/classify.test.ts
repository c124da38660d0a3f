/**
 * The client-class machinery: configuration checks (as kea-dhcp6 2.2 refuses them), the two
 * passes around the host lookup, required classes, reserved classes, built-in classes. The
 * Kea differential test checks the same behaviour against the running server.
 */
import { encodeOpaqueTuples, MessageType, type RawOption } from '@nestor/codec';
import { describe, expect, it } from 'vitest';
import {
  type ClassificationObserver,
  type ClientClassConfig,
  compileClientClasses,
  type EvalPacket,
  type ExpressionError,
  isExpressionError,
  optionDefinitionsFrom,
} from '../src/index.js';
import { ascii, hex, KNOWN_DUID } from './helpers/packets.js';

const raw = (code: number, data: Uint8Array): RawOption => ({ kind: 'raw', code, data });
const vendorClass = (enterprise: number, items: Uint8Array[]) =>
  raw(16, Uint8Array.from([...hex(enterprise.toString(16).padStart(8, '0')), ...encodeOpaqueTuples(items)]));

function packet(options: RawOption[] = [raw(1, KNOWN_DUID)]): EvalPacket {
  return {
    message: { kind: 'client-server', msgType: MessageType.SOLICIT, transactionId: 1, options },
    relays: [],
    iface: 'eth0',
    remoteAddress: 'fe80::1',
    localAddress: 'ff02::1:2',
  };
}

function refusal(list: ClientClassConfig[]): ExpressionError {
  try {
    compileClientClasses(list);
  } catch (error) {
    if (isExpressionError(error)) return error;
    throw error;
  }
  throw new Error('compiled, but Kea refuses it');
}

describe('compileClientClasses refuses what Kea refuses', () => {
  it('member() of a class defined later, or never', () => {
    const error = refusal([
      { name: 'a', test: "member('b')" },
      { name: 'b', test: 'option[1].exists' },
    ]);
    expect(error.kind).toBe('CLASS_TEST_INVALID');
    expect(error.message).toBe(
      "expression: [member('b')] error: <string>:1.8-10: Not defined client class 'b'",
    );
    expect(error.index).toBe(0);
    expect(error.className).toBe('a');
  });

  it('a test Kea cannot parse, with its message and location', () => {
    const error = refusal([{ name: 'a', test: 'option[1].hex' }]);
    expect(error.kind).toBe('CLASS_TEST_INVALID');
    expect(error.message).toBe(
      'expression: [option[1].hex] error: <string>:1.14: syntax error, unexpected end of file, expecting == or +',
    );
    expect(error.location).toEqual({ begin: { line: 1, column: 14 }, end: { line: 1, column: 14 } });
  });

  it('built-in classes with a test or only-if-required, DROP only-if-required, duplicates, empty names', () => {
    expect(refusal([{ name: 'ALL', test: 'option[1].exists' }]).message).toBe(
      "built-in class 'ALL' test expression must be empty",
    );
    expect(refusal([{ name: 'KNOWN', onlyIfRequired: true }]).message).toBe(
      "built-in class 'KNOWN' only-if-required flag must be false",
    );
    expect(refusal([{ name: 'DROP', test: 'option[1].exists', onlyIfRequired: true }]).message).toBe(
      "special class 'DROP' only-if-required flag must be false",
    );
    expect(refusal([{ name: 'a' }, { name: 'a' }]).message).toBe(
      "Can't add class: Client Class: a has already been defined",
    );
    expect(refusal([{ name: '' }]).kind).toBe('CLASS_NAME_EMPTY');
  });

  it('accepts member() of built-in classes and of every prefix Kea reserves', () => {
    const classifier = compileClientClasses([
      { name: 'a', test: "member('ALL') or member('KNOWN') or member('UNKNOWN') or member('BOOTP')" },
      {
        name: 'b',
        test: "member('VENDOR_CLASS_x') or member('HA_server1') or member('AFTER_y') or member('EXTERNAL_z')",
      },
    ]);
    expect(classifier.classes.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('marks classes depending on KNOWN/UNKNOWN, directly or through member()', () => {
    const classifier = compileClientClasses([
      { name: 'direct', test: "member('UNKNOWN')" },
      { name: 'indirect', test: "member('direct')" },
      { name: 'independent', test: "member('ALL')" },
    ]);
    expect(classifier.classes.map((c) => [c.name, c.dependsOnKnown])).toEqual([
      ['direct', true],
      ['indirect', true],
      ['independent', false],
    ]);
  });
});

describe('classifying a packet', () => {
  it('assigns ALL and the vendor class, then evaluates tests in configuration order', () => {
    const classifier = compileClientClasses([
      { name: 'first', test: 'option[1].exists' },
      { name: 'second', test: "member('first') and member('VENDOR_CLASS_docsis3.0')" },
      { name: 'third', test: "not member('second')" },
    ]);
    const result = classifier.classify(
      packet([raw(1, KNOWN_DUID), vendorClass(4491, [ascii('x'), ascii('docsis3.0')])]),
    );
    expect(result.classes.toArray()).toEqual(['ALL', 'VENDOR_CLASS_docsis3.0', 'first', 'second']);
  });

  it('names the vendor class after docsis3.0, then eRouter1.0, then the first data item', () => {
    const name = (items: string[]) =>
      compileClientClasses([])
        .classify(
          packet([
            vendorClass(
              9,
              items.map((item) => Uint8Array.from(Buffer.from(item, 'utf8'))),
            ),
          ]),
        )
        .classes.toArray()[1];
    expect(name(['a', 'eRouter1.0', 'docsis3.0'])).toBe('VENDOR_CLASS_docsis3.0');
    expect(name(['a', 'eRouter1.0'])).toBe('VENDOR_CLASS_eRouter1.0');
    expect(name(['café', 'b'])).toBe('VENDOR_CLASS_café');
    expect(name([])).toBeUndefined();
  });

  it('leaves KNOWN/UNKNOWN-dependent classes for after the host lookup', () => {
    const classifier = compileClientClasses([
      { name: 'known-client', test: "member('KNOWN')" },
      { name: 'not-known', test: "not member('KNOWN')" },
      { name: 'after', test: "member('known-client') or member('UNKNOWN')" },
    ]);
    const result = classifier.classify(packet());
    expect(result.classes.toArray()).toEqual(['ALL']);
    result.hostLookupDone(true);
    expect(result.classes.toArray()).toEqual(['ALL', 'KNOWN', 'known-client', 'after']);
    const unknown = classifier.classify(packet());
    unknown.hostLookupDone(false);
    expect(unknown.classes.toArray()).toEqual(['ALL', 'UNKNOWN', 'not-known', 'after']);
  });

  it('evaluates only-if-required classes only when required, in the order given, each once', () => {
    const classifier = compileClientClasses([
      { name: 'req-a', test: 'option[1].exists', onlyIfRequired: true },
      { name: 'req-b', test: "member('req-a')", onlyIfRequired: true },
      { name: 'plain', test: "member('req-a')" },
      { name: 'untested' },
    ]);
    const events: string[] = [];
    const observer: ClassificationObserver = {
      result: (name, matched) => events.push(`${name}=${matched}`),
      undefinedClass: (name) => events.push(`undefined ${name}`),
      untestable: (name) => events.push(`untestable ${name}`),
    };
    const result = classifier.classify(packet(), { observer });
    result.hostLookupDone(false);
    expect(result.has('req-a')).toBe(false);
    events.length = 0;
    result.evaluateRequired(['req-b', 'req-a', 'req-b', 'plain', 'untested', 'nowhere']);
    expect(events).toEqual([
      'req-b=false',
      'req-a=true',
      'plain=true',
      'untestable untested',
      'undefined nowhere',
    ]);
    expect(result.classes.toArray()).toEqual(['ALL', 'UNKNOWN', 'req-a', 'plain']);
  });

  it('DROP is a class like any other; the caller drops the packet', () => {
    const classifier = compileClientClasses([{ name: 'DROP', test: "member('KNOWN') and option[1].exists" }]);
    const result = classifier.classify(packet());
    expect(result.dropped).toBe(false);
    result.hostLookupDone(true);
    expect(result.dropped).toBe(true);
  });

  it("applyReservedClasses re-runs the first pass with the reservation's classes", () => {
    const classifier = compileClientClasses([
      { name: 'gold' },
      { name: 'not-gold', test: "not member('gold')" },
      { name: 'gold-too', test: "member('gold')" },
    ]);
    const result = classifier.classify(packet(), { initial: ['from-hook'] });
    expect(result.classes.toArray()).toEqual(['from-hook', 'ALL', 'not-gold']);
    result.applyReservedClasses(['gold']);
    // Tested classes are removed and re-evaluated; the hook's and built-in classes stay.
    expect(result.classes.toArray()).toEqual(['from-hook', 'ALL', 'gold', 'gold-too']);
  });

  it('addReservedClasses adds without re-evaluating (shared networks)', () => {
    const classifier = compileClientClasses([
      { name: 'gold' },
      { name: 'not-gold', test: "not member('gold')" },
    ]);
    const result = classifier.classify(packet());
    result.addReservedClasses(['gold']);
    expect(result.classes.toArray()).toEqual(['ALL', 'not-gold', 'gold']);
  });

  it('reports runtime errors to the observer and leaves the class out', () => {
    const classifier = compileClientClasses([{ name: 'broken', test: "addrtotext(option[1].hex) == ''" }]);
    const failures: string[] = [];
    const result = classifier.classify(packet(), {
      observer: { failure: (name, message) => failures.push(`${name}: ${message}`) },
    });
    expect(result.has('broken')).toBe(false);
    expect(failures).toEqual(['broken: Can not convert to valid address.']);
  });
});

describe('configuration as @nestor/config gives it', () => {
  it('takes ClientClass6 entries and OptionDef6 definitions as they are', () => {
    // The shapes of @nestor/config's Dhcp6 model (ClientClass6, OptionDef6), extra fields and all.
    const optionDefs = [
      {
        name: 'my-code',
        code: 240,
        type: 'string',
        recordTypes: [],
        space: 'dhcp6',
        encapsulate: '',
        array: false,
      },
    ];
    const clientClasses = [
      { name: 'by-name', test: "option[my-code].text == 'abc'", onlyIfRequired: false, options: [] },
      { name: 'required', test: "member('by-name')", onlyIfRequired: true, options: [], validLifetime: {} },
    ];
    const classifier = compileClientClasses(clientClasses, {
      optionDefinitions: optionDefinitionsFrom(optionDefs),
    });
    const result = classifier.classify(packet([raw(240, ascii('abc\0'))]));
    result.hostLookupDone(false);
    result.evaluateRequired(['required']);
    expect(result.classes.toArray()).toEqual(['ALL', 'by-name', 'UNKNOWN', 'required']);
  });
});
