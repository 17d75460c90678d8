// DynamoDB's item size, by its documented rules, on raw JSON AttributeValues (as the wire carries
// them: B and BS in base64, N as decimal strings).
// see: Amazon DynamoDB Developer Guide, "DynamoDB item sizes and formats" (CapacityUnitCalculations)
// see: Amazon DynamoDB Developer Guide, "Constraints" / "Service quotas": an item is at most 400 KB,
//      attribute names and values counted in UTF-8 bytes, 1 KB = 1024 bytes.
// dynalite counts strings in UTF-16 code units (a CJK character is 1, DynamoDB counts 3) and moto
// stops at 405,000 bytes with numbers counted by their decimal length: neither is the service.

/** The item size limit: 400 KB of 1024 bytes. */
export const MAX_ITEM_BYTES = 400 * 1024;

export type RawValue = Record<string, unknown>;
export type RawItem = Record<string, RawValue>;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');
const base64Bytes = (text: string): number => Buffer.from(text, 'base64').length;

/** Sum of UTF-8 attribute names and value sizes. */
export function itemSize(item: RawItem): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += utf8(name) + valueSize(value);
  return size;
}

/**
 * A value's size without its name: strings in UTF-8 bytes, binary in raw bytes, null and Boolean
 * 1, sets the sum of their members, lists and maps 3 bytes of overhead plus 1 per element plus the
 * elements (a map's element also counts its name).
 */
export function valueSize(value: RawValue): number {
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return utf8(inner as string);
    case 'N':
      return numberSize(inner as string);
    case 'B':
      return base64Bytes(inner as string);
    case 'SS':
      return (inner as string[]).reduce((sum, member) => sum + utf8(member), 0);
    case 'NS':
      return (inner as string[]).reduce((sum, member) => sum + numberSize(member), 0);
    case 'BS':
      return (inner as string[]).reduce((sum, member) => sum + base64Bytes(member), 0);
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'L':
      return (inner as RawValue[]).reduce((sum, element) => sum + 1 + valueSize(element), 3);
    case 'M':
      return Object.entries(inner as RawItem).reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 3);
    default:
      throw new Error(`not a DynamoDB AttributeValue: ${JSON.stringify(value)}`);
  }
}

/**
 * "Approximately 1 byte per two significant digits, plus 1 byte": leading and trailing zeros are
 * trimmed, and the digits are paired as they are stored, from the decimal point (base 100), so
 * 120 takes two pairs (01 20) where 12 takes one. A negative number takes 1 byte more. This can
 * exceed the plain "digits / 2 + 1" by a byte or two, never fall short of it: the limit is never
 * enforced more leniently than the service's own rule.
 */
export function numberSize(text: string): number {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a DynamoDB number: ${text}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const first = digits.search(/[1-9]/);
  if (first < 0) return 1;
  const significant = digits.slice(first).replace(/0+$/, '');
  // Decimal exponent of the first significant digit's place, counted from the units.
  const place = whole.length - 1 - first + Number(exponent);
  // Base-100 pairs are aligned on even places: an odd place starts a pair of its own with a 0.
  const leading = ((place % 2) + 2) % 2 === 0 ? 1 : 0;
  const pairs = Math.ceil((significant.length + leading) / 2);
  return 1 + pairs + (sign === '-' ? 1 : 0);
}
