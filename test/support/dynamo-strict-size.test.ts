// DynamoDB's item size rules, as the strict layer computes them, on literal items worked out by
// hand from "DynamoDB item sizes and formats".
import { strict as assert } from 'node:assert';
import { MAX_ITEM_BYTES, itemSize, numberSize, valueSize } from './dynamo-strict-size';

describe('strict DynamoDB layer: item sizes by the documented rules', () => {
  it('the limit is 400 KB of 1024 bytes', () => {
    assert.equal(MAX_ITEM_BYTES, 409_600);
  });

  it('strings and names count UTF-8 bytes, not characters', () => {
    assert.equal(itemSize({ Id: { S: 'abc' } }), 2 + 3);
    assert.equal(itemSize({ Id: { S: '€' } }), 2 + 3, 'the euro sign is 3 bytes in UTF-8');
    assert.equal(itemSize({ 'Näme': { S: '😀' } }), 5 + 4, 'a name is UTF-8 too; an emoji is 4 bytes (2 UTF-16 units)');
    assert.equal(itemSize({}), 0);
  });

  it('numbers: 1 byte per pair of significant digits, paired from the decimal point, plus 1', () => {
    const cases: [string, number][] = [
      ['0', 1], ['0.000', 1], ['1', 2], ['12', 2], ['100', 2], ['1000', 2], ['120', 3], ['123', 3], ['1234', 3],
      ['12345', 4], ['0.5', 2], ['0.05', 2], ['1.5', 3], ['007', 2], ['1e3', 2], ['1.2E+2', 3], ['-1', 3], ['-12', 3],
      ['99999999999999999999999999999999999999', 20],
    ];
    for (const [number, size] of cases) assert.equal(numberSize(number), size, number);
  });

  it('never less than the documented approximation: digits / 2 + 1', () => {
    for (let n = 1; n < 100_000; n += 37) {
      const digits = String(n).replace(/0+$/, '').length;
      assert.ok(numberSize(String(n)) >= Math.ceil(digits / 2) + 1, String(n));
    }
  });

  it('binary counts raw bytes (not base64); null and Boolean 1 byte', () => {
    assert.equal(valueSize({ B: Buffer.from([1, 2, 3, 4, 5]).toString('base64') }), 5);
    assert.equal(valueSize({ BOOL: true }), 1);
    assert.equal(valueSize({ NULL: true }), 1);
  });

  it('sets are the sum of their members', () => {
    assert.equal(valueSize({ SS: ['a', 'bb', '€'] }), 1 + 2 + 3);
    assert.equal(valueSize({ NS: ['1', '120', '-5'] }), 2 + 3 + 3);
    assert.equal(valueSize({ BS: [Buffer.alloc(3).toString('base64'), Buffer.alloc(7).toString('base64')] }), 10);
  });

  it('lists and maps: 3 bytes of overhead, 1 per element, and the elements (with their names in a map)', () => {
    assert.equal(valueSize({ L: [] }), 3);
    assert.equal(valueSize({ M: {} }), 3);
    assert.equal(valueSize({ L: [{ S: 'ab' }, { N: '1' }] }), 3 + (1 + 2) + (1 + 2));
    assert.equal(valueSize({ M: { Key: { S: 'v/f.jpg' }, Index: { N: '12' } } }), 3 + (1 + 3 + 7) + (1 + 5 + 2));
    assert.equal(itemSize({ F: { L: [{ M: { K: { S: '€' } } }] } }), 1 + 3 + 1 + (3 + 1 + 1 + 3));
  });

  it('refuses what is not an AttributeValue', () => {
    assert.throws(() => valueSize({ X: 1 }), /not a DynamoDB AttributeValue/);
    assert.throws(() => numberSize('12abc'), /not a DynamoDB number/);
  });
});
