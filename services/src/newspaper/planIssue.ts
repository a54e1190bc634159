import { badInput, conflict, inserted, notFound } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { parseDay, requireDesk, requireText } from './newspaperAccess';
import type { IssuePage, ManuscriptDoc, NewspaperIssueDoc } from './newspaperModels';

export interface IssueInput {
  number: number;
  date: string;
  pages: { number: number; name: string; slots: { section: string; maxWords?: number | null }[] }[];
}

export const issueId = (n: number) => `issue-${n}`;

export async function loadIssue(node: NodeContext, id: string): Promise<NewspaperIssueDoc> {
  const doc = typeof id === 'string' && id.length <= 40 ? await node.models.NewspaperIssue.findById(id).lean<NewspaperIssueDoc>() : null;
  if (!doc) throw notFound(`期次不存在：${String(id).slice(0, 40)}`);
  return doc;
}

/** The manuscripts placed in an issue (the placements live on the manuscripts). */
export async function placedIn(node: NodeContext, id: string): Promise<ManuscriptDoc[]> {
  return node.models.Manuscript.find({ role: 'desk', 'placement.issueId': id }).lean<ManuscriptDoc[]>();
}

function parsePages(input: IssueInput['pages']): IssuePage[] {
  if (!Array.isArray(input) || input.length === 0) throw badInput('每期至少一个版面', { field: 'pages' });
  if (input.length > 32) throw badInput('每期最多 32 个版面', { field: 'pages' });
  const seen = new Set<number>();
  return input
    .map((p, i) => {
      if (!Number.isInteger(p.number) || p.number < 1 || p.number > 32)
        throw badInput('版次须为 1–32 的整数', { field: `pages.${i}.number` });
      if (seen.has(p.number)) throw badInput(`版次 ${p.number} 重复`, { field: `pages.${i}.number` });
      seen.add(p.number);
      const name = requireText(p.name, `pages.${i}.name`, '版面名称', 40);
      if (!Array.isArray(p.slots) || p.slots.length === 0) throw badInput(`第 ${p.number} 版至少一个稿位`, { field: `pages.${i}.slots` });
      if (p.slots.length > 30) throw badInput(`第 ${p.number} 版最多 30 个稿位`, { field: `pages.${i}.slots` });
      const slots = p.slots.map((s, j) => {
        const maxWords = s.maxWords ?? null;
        if (maxWords !== null && (!Number.isInteger(maxWords) || maxWords < 1 || maxWords > 100_000))
          throw badInput('稿位字数须为正整数', { field: `pages.${i}.slots.${j}.maxWords` });
        return { id: `${p.number}-${j + 1}`, section: requireText(s.section, `pages.${i}.slots.${j}.section`, '稿位栏目', 40), maxWords };
      });
      return { number: p.number, name, slots };
    })
    .sort((a, b) => a.number - b.number);
}

/**
 * The desk plans an issue (期次): number, date, pages (版面) and their slots (稿位). Planning the same number again
 * replaces the plan while the issue is not printed; a slot that holds a manuscript cannot be dropped.
 */
export async function planIssue(ctx: RequestContext, input: IssueInput): Promise<NewspaperIssueDoc> {
  const actor = requireDesk(ctx);
  const { node } = ctx;
  if (!Number.isInteger(input.number) || input.number < 1 || input.number > 1_000_000)
    throw badInput('期号须为正整数', { field: 'number' });
  const date = parseDay(input.date, 'date', '出版日期');
  const pages = parsePages(input.pages);
  const id = issueId(input.number);
  const now = node.now();
  const existing = await node.models.NewspaperIssue.findById(id).lean<NewspaperIssueDoc>();
  if (!existing) {
    const doc: NewspaperIssueDoc = {
      _id: id,
      number: input.number,
      date,
      pages,
      status: 'planning',
      printedAt: null,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.name,
      revision: 0,
    };
    if (!(await inserted(node.models.NewspaperIssue.create(doc)))) throw conflict(`第 ${input.number} 期已被他人同时创建，请刷新后重试`);
    return doc;
  }
  if (existing.status === 'printed') throw conflict(`第 ${input.number} 期已付印，不能再修改版面`);
  const slotIds = new Set(pages.flatMap((p) => p.slots.map((s) => s.id)));
  const orphan = (await placedIn(node, id)).find((m) => !slotIds.has(m.placement!.slotId));
  if (orphan) throw conflict(`稿位 ${orphan.placement!.slotId} 已排入稿件《${orphan.title}》，请先撤出再删除该稿位`);
  const updated = await node.models.NewspaperIssue.findOneAndUpdate(
    { _id: id, revision: existing.revision },
    { $set: { date, pages, updatedAt: now, updatedBy: actor.name }, $inc: { revision: 1 } },
    { returnDocument: 'after' },
  ).lean<NewspaperIssueDoc>();
  if (!updated) throw conflict('期次已被他人修改，请刷新后重试');
  return updated;
}
