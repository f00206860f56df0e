import { describe, expect, it } from '@jest/globals';
import { itemBytes, writeUnits } from '../../bench/write-units.ts';

describe('bench write units (DynamoDB item-size rules)', () => {
  it('counts names, UTF-8 strings, numbers by significant digits, sets, lists and maps', () => {
    // name + value: "pk"+"ab" 4; "n"+12300 (3 significant digits: 2+1) 4; "é"(2)+"ü"(2) 4;
    // "ss"+["a","bc"] 5; "ns"+[1, 0.05] (1+1, 1+1) 6; "l"+["x", 7] 1+3+(1+1)+(1+2) 9;
    // "m"+{k:"v"} 1+3+1 element+("k" 1 + "v" 1) 7; "t"+true 2
    const item = {
      pk: { S: 'ab' },
      n: { N: '12300' },
      é: { S: 'ü' },
      ss: { SS: ['a', 'bc'] },
      ns: { NS: ['1', '0.05'] },
      l: { L: [{ S: 'x' }, { N: '7' }] },
      m: { M: { k: { S: 'v' } } },
      t: { BOOL: true },
    };
    expect(itemBytes(item)).toBe(4 + 4 + 4 + 5 + 6 + 9 + 7 + 2);
  });

  it('bills each started kilobyte on the table and on every index the item is in', () => {
    const small = { pk: { S: 'DET#1' }, sk: { S: 'DET' } };
    expect(writeUnits(small)).toEqual({ table: 1, indexes: 0 });
    const big = {
      pk: { S: 'x' },
      sk: { S: 'y' },
      body: { S: 'z'.repeat(2100) },
      gsi1pk: { S: 'a' },
      gsi1sk: { S: 'b' },
      gsi3pk: { S: 'c' },
      gsi3sk: { S: 'd' },
      gsi2pk: { S: 'only half a key' },
    };
    expect(writeUnits(big)).toEqual({ table: 3, indexes: 6 });
  });
});
