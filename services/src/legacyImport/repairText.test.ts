import iconv from 'iconv-lite';
import { classifyChar, plausibilityScore, repairLegacyText, type RepairKind } from './repairText';

/*
 * Fixtures are lines copied from shared/seed/speech.txt: a 2007 speech, machine-converted to traditional
 * characters with pinyin after some of them, scraped from a GBK page. What the bytes show:
 *
 * - `。ㄒ唬┪沂悬h建` is not GBK decoded as Big5 (encoding it as Big5 and decoding as GBK gives
 *   `＃颁?╚?h…`, and 悬 has no Big5 code at all). It is GBK read one byte off: the line began with
 *   `　（一）我市黨建` = a1a1 a3a8 d2bb a3a9 ced2 cad0 fc68 bda8, the first byte was lost, so the decoder
 *   paired a1a3 (。) a8d2 (ㄒ) bba3 (唬) … d0fc (悬) and took fc68's trail byte as ASCII `h`, which resynced.
 *   Dropping the stray first byte and giving the last lead byte its `h` back restores `（一）我市黨`.
 * - `;仡檸讈(lái)年` is the same damage with more loss: 仡檸讈 = d8 ee99 8ed7 81. The lead byte of 回
 *   (bb) and the trail byte of 來 (ed) are gone, so only 顧幾 comes back: `;顾几年` (回 and 來 are lost).
 * - Real GBK mis-decoded as Big5 looks different (（一） → ㄗ珨ㄘ); that is tested with synthetic input.
 * - `日?qǐng)?bào)` is the annotator's damage: it read 日報 (c8d5 88f3) both as 請 (d5|88) and as 報, put
 *   `(qǐng)` inside 報's bytes, and each broken pair decoded as `?`. Repaired from a table of known artifacts.
 * - `黨報(bào)_及`, `領導(dǎo)_和` and `網(wǎng)l管理` are lone trail bytes (5f, 6c) whose lead byte is gone: not
 *   recoverable, left as they are.
 */

const kinds = (repairs: { kind: RepairKind }[]) => repairs.map((r) => r.kind).sort();

describe('repairLegacyText on lines from speech.txt', () => {
  it('strips pinyin and converts to simplified', () => {
    const line = '一、肯定成績(jī),正視問(wèn)題,不斷增強(qiáng)做好黨建信息工作的責(zé)任感和緊迫感';
    const result = repairLegacyText(line);
    expect(result.text).toBe('一、肯定成绩,正视问题,不断增强做好党建信息工作的责任感和紧迫感');
    expect(repairLegacyText('肯定成績(jī),正視問(wèn)題').text).toBe('肯定成绩,正视问题');
    expect(result.repairs).toEqual(
      expect.arrayContaining([
        { kind: 'pinyin-annotation', count: 4 },
        { kind: 'traditional-to-simplified', count: expect.any(Number) },
      ]),
    );
  });

  it('keeps ordinary parenthesised text', () => {
    expect(repairLegacyText('(一)我市黨建信息工作取得的成績(jī)和存在的主要問(wèn)題').text).toBe(
      '(一)我市党建信息工作取得的成绩和存在的主要问题',
    );
    expect(repairLegacyText('二、把握重點(diǎn),明確目標(biāo),扎扎實(shí)實(shí)做好2007年的黨建信息工作').text).toBe(
      '二、把握重点,明确目标,扎扎实实做好2007年的党建信息工作',
    );
    expect(repairLegacyText('以各縣(市、區(qū))黨建網(wǎng)站為').text).toBe('以各县(市、区)党建网站为');
    expect(repairLegacyText('黨建網(wǎng)(2007年)').text).toBe('党建网(2007年)');
  });

  it('repairs the 日報 annotation artifact and the bullet in 《桂中日報•村黨員版》', () => {
    const result = repairLegacyText('四、認(rèn)真做好《桂中日?qǐng)?bào)•村黨員版》稿件統(tǒng)籌和報(bào)紙發(fā)行工作');
    expect(result.text).toBe('四、认真做好《桂中日报·村党员版》稿件统筹和报纸发行工作');
    expect(kinds(result.repairs)).toEqual(['annotation-artifact', 'middle-dot', 'pinyin-annotation', 'traditional-to-simplified']);
    expect(repairLegacyText('《桂中日報•村黨員版》').text).toBe('《桂中日报·村党员版》');
  });

  it('re-aligns the misaligned GBK run 。ㄒ唬┪沂悬h to （一）我市黨', () => {
    const damaged = '。ㄒ唬┪沂悬h建信息工作取得的成績(jī)和存在的主要問(wèn)題';
    // The relation, checked on the bytes: not Big5, but GBK one byte off.
    expect(iconv.decode(iconv.encode('。ㄒ唬┪沂悬h', 'big5'), 'gbk')).not.toContain('（一）');
    expect(iconv.decode(iconv.encode('。ㄒ唬┪沂悬h', 'gbk').subarray(1), 'gbk')).toBe('（一）我市黨');

    const result = repairLegacyText(damaged);
    expect(result.text).toBe('（一）我市党建信息工作取得的成绩和存在的主要问题');
    expect(result.repairs).toContainEqual({ kind: 'misaligned-gbk', count: 1 });
  });

  it('partly repairs ;仡檸讈(lái)年 — 顧幾 comes back, 回 and 來 lost their bytes and cannot', () => {
    const line =
      '目前,網(wǎng)站訪問(wèn)量已達(dá)200萬(wàn)人次,信息瀏覽量突破500萬(wàn)人次;仡檸讈(lái)年的工作,我覺得黨建網(wǎng)站取得了幾個(gè)方面的成效:';
    const result = repairLegacyText(line);
    expect(result.text).toBe('目前,网站访问量已达200万人次,信息浏览量突破500万人次;顾几年的工作,我觉得党建网站取得了几个方面的成效:');
    expect(result.repairs).toContainEqual({ kind: 'misaligned-gbk', count: 1 });
  });

  it('leaves lone trail bytes (_ and l) alone: their lead bytes are gone, not recoverable', () => {
    expect(repairLegacyText('全市各級(jí)黨組織在各級(jí)黨報(bào)_及網(wǎng)絡(luò)媒體上播發(fā)了大').text).toBe(
      '全市各级党组织在各级党报_及网络媒体上播发了大',
    );
    expect(repairLegacyText('完善黨的領(lǐng)導(dǎo)_和運(yùn)行機(jī)制').text).toBe('完善党的领导_和运行机制');
    expect(repairLegacyText('針對(duì)信息安全、網(wǎng)l管理、信息發(fā)布').text).toBe('针对信息安全、网l管理、信息发布');
  });
});

describe('repairLegacyText on other damage', () => {
  it('re-decodes GBK text that was decoded as Big5', () => {
    const original = '（一）我市党建信息工作取得的成绩';
    const damaged = iconv.decode(iconv.encode(original, 'gbk'), 'big5');
    expect(damaged).toBe('ㄗ珨ㄘ扂庈絨膘陓洘馱釬龰腕腔傖憎');
    expect(repairLegacyText(damaged)).toEqual({
      text: original,
      repairs: [{ kind: 'gbk-decoded-as-big5', count: 1 }],
    });
    const embedded = `标题：${iconv.decode(iconv.encode('兴宾区三级三批', 'gbk'), 'big5')}。`;
    expect(repairLegacyText(embedded).text).toBe('标题：兴宾区三级三批。');
  });

  it('strips pinyin in full-width parentheses, with several syllables or tone digits', () => {
    expect(repairLegacyText('問（wèn）題').text).toBe('问题');
    expect(repairLegacyText('黨建(dǎng jiàn)工作').text).toBe('党建工作');
    expect(repairLegacyText('问题(wen4)').text).toBe('问题');
  });

  it('keeps English, toneless words and numbers in parentheses', () => {
    const text = '党建网(dangjian)、网站(Web)、世贸组织(WTO)、型号(x1)、第(3)条';
    expect(repairLegacyText(text)).toEqual({ text, repairs: [] });
  });

  it('passes clean simplified text through unchanged', () => {
    const text = [
      '我市党建信息工作取得显著成绩，著名作家于是来到兴宾区。',
      '（一）强化责任，完善网络；“三级三批”联动破解难题，信息员18675条（2007年）。',
      '乾隆年间的后来者、余下的干部、朱镕基、①②③、《桂中日报·村党员版》',
      'Plain ASCII line, 2007.',
    ].join('\n');
    expect(repairLegacyText(text)).toEqual({ text, repairs: [] });
  });

  it('handles empty text', () => {
    expect(repairLegacyText('')).toEqual({ text: '', repairs: [] });
  });
});

describe('character plausibility', () => {
  it('classifies characters', () => {
    expect(classifyChar('党')).toBe('common');
    expect(classifyChar('黨')).toBe('common');
    expect(classifyChar('，')).toBe('common');
    expect(classifyChar('仡')).toBe('uncommon');
    expect(classifyChar('讈')).toBe('rare');
    expect(classifyChar('ㄒ')).toBe('junk');
    expect(classifyChar('\uFFFD')).toBe('junk');
    expect(classifyChar('a')).toBe('neutral');
  });

  it('scores damaged text below its repair', () => {
    expect(plausibilityScore('。ㄒ唬┪沂悬h')).toBeLessThan(plausibilityScore('（一）我市黨'));
  });
});
