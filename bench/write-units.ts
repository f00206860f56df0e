/**
 * Write request units a DynamoDB item costs, from its size as the DynamoDB developer guide ("Item
 * sizes and formats") counts it: attribute names and values in bytes, numbers at one byte per two
 * significant digits plus one, lists and maps with 3 bytes of overhead and 1 per element. A write
 * costs one unit per started kilobyte, on the table and again on every index the item is in (each of
 * honeytrail's three GSIs projects ALL attributes, so an index entry is as large as the item).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { INDEXES } from '../src/lib/store/table.ts';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

function numberBytes(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  const significant = digits.replace(/^0+/, '').replace(/0+$/, '').length || 1;
  return Math.ceil(significant / 2) + 1;
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + numberBytes(n), 0);
  if (value.BS) return value.BS.reduce((sum, b) => sum + b.length, 0);
  if (value.L) return 3 + value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 0);
  if (value.M) return 3 + itemBytes(value.M) + Object.keys(value.M).length;
  throw new Error(`write-units: unknown attribute value type ${Object.keys(value).join(',')}`);
}

/** The size DynamoDB bills an item at, in bytes. */
export function itemBytes(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);
}

/** Units one write of this item costs: the table, plus each GSI whose keys the item carries. */
export function writeUnits(item: Record<string, AttributeValue>): { table: number; indexes: number } {
  const units = Math.max(1, Math.ceil(itemBytes(item) / 1024));
  const indexed = INDEXES.filter((index) => item[`${index}pk`] && item[`${index}sk`]).length;
  return { table: units, indexes: units * indexed };
}
