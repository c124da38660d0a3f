import { describe, expect, it } from 'vitest';
import { parseDuid, parseHwaddr } from '../src/index.js';

describe('DUID text, as Kea reads it', () => {
  it.each([
    ['01:02:03', '01:02:03'],
    ['1:2:3', '01:02:03'],
    ['AB:cD', 'ab:cd'],
    ['0102', '01:02'],
    ['102', '01:02'],
    ['0x0102', '01:02'],
    ['0x102', '01:02'],
    ['01 02', '01:02'],
    ['00', '00'],
  ])('%j reads as %s', (input, text) => {
    expect(parseDuid(input)).toEqual({ ok: true, text });
  });

  it.each([
    '',
    '01:02:',
    '01::02',
    ':01',
    '01-02',
    '0X0102',
    ' 01:02',
    '01:02 ',
    '01  02',
    '01: 02',
    '0x',
    '012:03',
    'zz',
  ])('refuses %j', (input) => {
    expect(parseDuid(input).ok).toBe(false);
  });

  it('accepts 128 bytes and refuses 129', () => {
    expect(parseDuid(Array(128).fill('ab').join(':')).ok).toBe(true);
    const tooLong = parseDuid(Array(129).fill('ab').join(':'));
    expect(tooLong).toEqual({ ok: false, error: 'DUID size is 129 bytes, exceeds maximum of 128' });
  });
});

describe('hardware address text', () => {
  it.each([
    ['', ''],
    ['aa:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:ff'],
    ['a:B', '0a:0b'],
    ['a', '0a'],
  ])('%j reads as %j', (input, text) => {
    expect(parseHwaddr(input)).toEqual({ ok: true, text });
  });

  it.each(['0a0b', '0x0a0b', 'aa-bb', 'aa:bb:', 'zz'])(
    'refuses %j (Kea takes only colon-separated bytes)',
    (input) => {
      expect(parseHwaddr(input).ok).toBe(false);
    },
  );

  it('accepts 20 bytes and refuses 21', () => {
    expect(parseHwaddr(Array(20).fill('ab').join(':')).ok).toBe(true);
    expect(parseHwaddr(Array(21).fill('ab').join(':')).ok).toBe(false);
  });
});

describe('the last canonical DUID and hardware address remembered', () => {
  it('gives the same answers in any order: other forms after a canonical one are still canonicalised', () => {
    const sequence = ['00:01:ab', '0x0001AB', '00:01:ab', '00 01 AB', '0001ab', '00:01:ab', 'zz', '00:01:ab'];
    const answers = sequence.map((text) => parseDuid(text));
    expect(answers.map((a) => (a.ok ? a.text : 'error'))).toEqual([
      '00:01:ab',
      '00:01:ab',
      '00:01:ab',
      '00:01:ab',
      '00:01:ab',
      '00:01:ab',
      'error',
      '00:01:ab',
    ]);
    expect(parseDuid('').ok).toBe(false);
    expect(parseDuid(`${'aa:'.repeat(128)}aa`).ok).toBe(false);
    expect(parseHwaddr('0a:0b').ok && parseHwaddr('0A:0B')).toEqual({ ok: true, text: '0a:0b' });
    expect(parseHwaddr('').ok && parseHwaddr('')).toEqual({ ok: true, text: '' });
  });
});
