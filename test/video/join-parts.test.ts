import assert from 'node:assert/strict';
import { JoinOptionError } from '../../src/video/errors';
import { choosePartBytes, DEFAULT_PART_BYTES, PartPlan, S3_MAX_PARTS, S3_MIN_PART_BYTES } from '../../src/video/join-parts';
import { seededRandom } from '../support/images';

const MiB = 1024 * 1024;

describe('multipart part plan of the join', () => {
  it('uses 8 MiB parts by default, refuses parts under S3 minimum, and grows parts in whole MiB to stay within 10,000', () => {
    assert.equal(choosePartBytes(800e6), DEFAULT_PART_BYTES);
    assert.equal(DEFAULT_PART_BYTES, 8 * MiB);
    assert.equal(choosePartBytes(12 * MiB, S3_MIN_PART_BYTES), 5 * MiB);
    assert.throws(() => choosePartBytes(12 * MiB, S3_MIN_PART_BYTES - 1), JoinOptionError);
    assert.throws(() => choosePartBytes(12 * MiB, 6.5 * MiB + 0.5), JoinOptionError);
    // 200 GB in 8 MiB parts would be 23,842 parts: 20 MiB parts make 9,537.
    const partBytes = choosePartBytes(200e9);
    assert.equal(partBytes, 20 * MiB);
    assert.ok(Math.ceil(200e9 / partBytes) <= S3_MAX_PARTS);
    assert.throws(() => choosePartBytes(6e13), /does not fit 10000 parts/);
  });

  it('cuts header + segments into parts of fixed size: pieces for a small literal case', () => {
    const plan = new PartPlan([100, 50, 300], 128);

    assert.deepEqual([plan.totalBytes, plan.partCount, plan.partLength(1), plan.partLength(4)], [450, 4, 128, 66]);
    assert.deepEqual(plan.pieces(1), [{ source: 0, from: 0, to: 100, at: 0 }, { source: 1, from: 0, to: 28, at: 100 }]);
    assert.deepEqual(plan.pieces(2), [{ source: 1, from: 28, to: 50, at: 0 }, { source: 2, from: 0, to: 106, at: 22 }]);
    assert.deepEqual(plan.pieces(4), [{ source: 2, from: 234, to: 300, at: 0 }]);
  });

  it('tiles the whole file exactly once, in order, for seeded random sources and part sizes', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 300; trial++) {
      const lengths = Array.from({ length: 1 + Math.floor(random() * 12) }, () => 1 + Math.floor(random() * 500));
      const plan = new PartPlan(lengths, 1 + Math.floor(random() * 700));
      const covered = lengths.map(() => 0);
      for (let number = 1; number <= plan.partCount; number++) {
        let at = 0;
        for (const piece of plan.pieces(number)) {
          assert.equal(piece.at, at, `trial ${trial} part ${number}: pieces contiguous`);
          assert.equal(piece.from, covered[piece.source], `trial ${trial}: source ${piece.source} read in order`);
          covered[piece.source] = piece.to;
          at += piece.to - piece.from;
        }
        assert.equal(at, plan.partLength(number));
      }
      assert.deepEqual(covered, lengths);
    }
  });
});
