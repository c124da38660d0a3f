import { type DomainName, nameToText, parseName } from '@nestor/ncr';

/**
 * Client names as Kea 2.2's D2ClientMgr shapes them: sanitised label by label, qualified with
 * ddns-qualifying-suffix, or generated from the address. Names are compared and stored in
 * master-file text with a trailing dot ("host.example.com."), lower-cased as Kea's DNS library
 * reads a Client FQDN option.
 */

/** The parameters the name functions read (a subnet's resolved ddns-* values). */
export interface NameParameters {
  generatedPrefix: string;
  qualifyingSuffix: string;
  hostnameCharSet: string;
  hostnameCharReplacement: string;
}

const UPPER_A = 0x41;
const UPPER_Z = 0x5a;

/** ASCII letters lower-cased, as Kea's Name(text, downcase) does (other octets stay). */
function downcase(name: DomainName): DomainName {
  return {
    labels: name.labels.map((label) => label.map((c) => (c >= UPPER_A && c <= UPPER_Z ? c + 0x20 : c))),
  };
}

/** A name's text with a trailing dot, lower-cased; throws NameError for text that is no name. */
export function canonicalName(text: string): string {
  return nameToText(downcase(parseName(text)));
}

/** The labels of a name as raw text (no escapes), as Kea's Name::toRawText splits them. */
function rawLabels(text: string): string[] {
  return downcase(parseName(text)).labels.map((label) => Buffer.from(label).toString('latin1'));
}

/** Compiled hostname-char-set expressions, one per distinct text (configurations reuse few). */
const sanitisers = new Map<string, RegExp>();

function sanitiser(charSet: string): RegExp {
  let re = sanitisers.get(charSet);
  if (!re) {
    re = new RegExp(charSet, 'g');
    sanitisers.set(charSet, re);
  }
  return re;
}

/**
 * The client's name with every character matching hostname-char-set replaced by
 * hostname-char-replacement, label by label (the expression may not spare the dots), as Kea
 * scrubs it. An empty char set leaves the name alone. The result keeps the input's shape: a
 * trailing dot when it had one (a partial name gets one too, as Kea's raw text has it).
 */
export function sanitiseName(text: string, p: NameParameters): string {
  if (p.hostnameCharSet === '') return text;
  const re = sanitiser(p.hostnameCharSet);
  const labels = rawLabels(text).map((label) => label.replace(re, p.hostnameCharReplacement));
  return `${labels.join('.')}.`;
}

/**
 * Kea's qualifyName: the suffix appended unless the name already ends with it (on a label
 * boundary), then a trailing dot (or none, with trailingDot false).
 */
export function qualifyName(
  partial: string,
  p: Pick<NameParameters, 'qualifyingSuffix'>,
  trailingDot = true,
): string {
  let name = partial;
  const suffix = p.qualifyingSuffix;
  if (suffix !== '' && !endsWithSuffix(name, suffix)) {
    if (name.length > 0 && !name.endsWith('.')) name += '.';
    name += suffix;
  }
  if (trailingDot) {
    if (name.length > 0 && !name.endsWith('.')) name += '.';
  } else if (name.endsWith('.')) name = name.slice(0, -1);
  return name;
}

/** Whether `name` ends with `suffix` (both taken without a trailing dot) at a label boundary. */
function endsWithSuffix(name: string, suffix: string): boolean {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const s = suffix.endsWith('.') ? suffix.slice(0, -1) : suffix;
  if (!n.endsWith(s)) return false;
  const before = n.length - s.length;
  return before === 0 || n[before - 1] === '.';
}

/** Kea's generateFqdn: ddns-generated-prefix, '-', the address with ':' as '-', qualified. */
export function generatedName(address: string, p: NameParameters): string {
  return qualifyName(`${p.generatedPrefix}-${address.replaceAll(':', '-')}`, p, true);
}
