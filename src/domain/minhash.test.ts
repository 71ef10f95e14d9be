import { describe, expect, it } from 'vitest';
import { jaccard, similarGroups } from './minhash.ts';

describe('similar complaints by MinHash', () => {
  it('groups the documents that share most words and leaves the others alone', () => {
    const lift = ['电梯', '故障', '停运', '老人', '上下楼', '不便'];
    const docs = [
      lift,
      [...lift.slice(0, 5), '维修'], // Jaccard 5/7 ≈ 0.71 with the first
      [...lift, '三号楼'], // 6/7 ≈ 0.86
      ['楼上', '漏水', '天花板', '发霉'],
      ['停车', '收费', '不合理'],
      ['楼上', '漏水', '天花板', '墙面'], // 3/5 = 0.6 with the fourth
    ];
    expect(jaccard(new Set(docs[0]), new Set(docs[1]))).toBeCloseTo(5 / 7, 12);
    expect(similarGroups(docs).map((g) => g.sort())).toEqual([[0, 1, 2], [3, 5]]);
    expect(similarGroups(docs, 0.9)).toEqual([]);
    expect(similarGroups([[], []])).toEqual([]);
  });
});
