import { countWords, textFingerprint } from './manuscriptText';

describe('manuscript text', () => {
  it('counts Han characters one each and other words one each', () => {
    expect(countWords('凤凰镇开展党建活动')).toBe(9);
    expect(countWords('兴宾区 2026 年 GDP 增长')).toBe(3 + 1 + 1 + 1 + 2);
    expect(countWords('  ')).toBe(0);
  });

  it('gives the same fingerprint to the same text retyped (spacing, full-width punctuation, traditional characters)', () => {
    const a = textFingerprint('凤凰镇党建信息员培训', '<p>全镇信息员参加培训，提高报送质量。</p>');
    const b = textFingerprint('鳳凰鎮黨建信息員培訓', '<p>全鎮信息員參加培訓, 提高報送質量.</p>\n<p></p>');
    const c = textFingerprint('凤凰镇党建信息员培训', '<p>全镇信息员参加培训，提高报送数量。</p>');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});
