import { ChannelNode, DEFAULT_CHANNEL_TREE, SLUG_PATTERN, flattenChannelTree, validateChannelTree } from './defaultChannelTree';

/** A small valid tree to break in the bad cases. */
function smallTree(): ChannelNode[] {
  return [
    {
      slug: 'dangjian',
      name: '党建',
      level: 'subnetwork',
      order: 1,
      children: [
        {
          slug: 'dangjian-jiceng',
          name: '基层党建',
          level: 'category',
          order: 1,
          children: [
            {
              slug: 'dangjian-jiceng-nongcun',
              name: '农村党建',
              level: 'subcategory',
              order: 1,
            },
            {
              slug: 'dangjian-jiceng-shequ',
              name: '社区党建',
              level: 'subcategory',
              order: 2,
            },
          ],
        },
        {
          slug: 'dangjian-tongzhi',
          name: '通知公告',
          level: 'category',
          order: 2,
          children: [],
        },
      ],
    },
    {
      slug: 'dangshi',
      name: '党史',
      level: 'subnetwork',
      order: 2,
      children: [],
    },
  ];
}

function withCategoryChildren(children: ChannelNode[]): ChannelNode[] {
  const tree = smallTree();
  const category = tree[0]!.children![0]!;
  tree[0] = {
    ...tree[0]!,
    children: [{ ...category, children }, tree[0]!.children![1]!],
  };
  return tree;
}

describe('DEFAULT_CHANNEL_TREE', () => {
  const flat = flattenChannelTree(DEFAULT_CHANNEL_TREE);
  const count = (level: string): number => flat.filter((c) => c.level === level).length;

  it('has exactly 6 sub-networks, 55 categories and 90 sub-categories', () => {
    expect(DEFAULT_CHANNEL_TREE).toHaveLength(6);
    expect(count('subnetwork')).toBe(6);
    expect(count('category')).toBe(55);
    expect(count('subcategory')).toBe(90);
    expect(flat).toHaveLength(151);
  });

  it('has the six sub-networks in order', () => {
    expect(DEFAULT_CHANNEL_TREE.map((s) => [s.slug, s.name])).toEqual([
      ['dangjian', '党建'],
      ['dangshi', '党史'],
      ['jijian', '纪检'],
      ['xianfeng', '先锋'],
      ['yuanjiao', '远教'],
      ['rencai', '人才'],
    ]);
  });

  it('has unique, well-formed slugs', () => {
    const slugs = flat.map((c) => c.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(SLUG_PATTERN);
  });

  it('passes its own validation', () => {
    expect(validateChannelTree(DEFAULT_CHANNEL_TREE)).toEqual([]);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_CHANNEL_TREE)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CHANNEL_TREE[0]!.children![0])).toBe(true);
  });
});

describe('flattenChannelTree', () => {
  it('lists parents before children with parent slugs and root paths', () => {
    const flat = flattenChannelTree(smallTree());
    expect(flat.map((c) => c.slug)).toEqual([
      'dangjian',
      'dangjian-jiceng',
      'dangjian-jiceng-nongcun',
      'dangjian-jiceng-shequ',
      'dangjian-tongzhi',
      'dangshi',
    ]);
    expect(flat[0]).toEqual({
      slug: 'dangjian',
      name: '党建',
      level: 'subnetwork',
      order: 1,
      parentSlug: null,
      path: ['dangjian'],
    });
    expect(flat[3]).toEqual({
      slug: 'dangjian-jiceng-shequ',
      name: '社区党建',
      level: 'subcategory',
      order: 2,
      parentSlug: 'dangjian-jiceng',
      path: ['dangjian', 'dangjian-jiceng', 'dangjian-jiceng-shequ'],
    });
  });
});

describe('validateChannelTree', () => {
  it('accepts a small valid tree', () => {
    expect(validateChannelTree(smallTree())).toEqual([]);
  });

  it('reports a duplicate slug', () => {
    const tree = withCategoryChildren([
      {
        slug: 'dangjian-jiceng-nongcun',
        name: '农村党建',
        level: 'subcategory',
        order: 1,
      },
      {
        slug: 'dangjian-jiceng-nongcun',
        name: '社区党建',
        level: 'subcategory',
        order: 2,
      },
    ]);
    const problems = validateChannelTree(tree);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('重复');
    expect(problems[0]).toContain('dangjian-jiceng-nongcun');
  });

  it('reports a malformed slug', () => {
    const tree = withCategoryChildren([
      {
        slug: 'dangjian-jiceng-Nong_Cun',
        name: '农村党建',
        level: 'subcategory',
        order: 1,
      },
    ]);
    const problems = validateChannelTree(tree);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('格式不正确');
    expect(problems[0]).toContain('dangjian-jiceng-Nong_Cun');
  });

  it('reports a child slug without its parent prefix', () => {
    const tree = withCategoryChildren([{ slug: 'nongcun', name: '农村党建', level: 'subcategory', order: 1 }]);
    const problems = validateChannelTree(tree);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('dangjian-jiceng-');
  });

  it('reports out-of-order order values', () => {
    const tree = withCategoryChildren([
      {
        slug: 'dangjian-jiceng-nongcun',
        name: '农村党建',
        level: 'subcategory',
        order: 2,
      },
      {
        slug: 'dangjian-jiceng-shequ',
        name: '社区党建',
        level: 'subcategory',
        order: 1,
      },
    ]);
    const problems = validateChannelTree(tree);
    expect(problems).toHaveLength(2);
    for (const p of problems) expect(p).toContain('排序号');
  });

  it('reports orders that do not start at 1', () => {
    const tree = smallTree();
    tree[1] = { ...tree[1]!, order: 3 };
    expect(validateChannelTree(tree)).toEqual([expect.stringContaining('排序号')]);
  });

  it('reports wrong level nesting', () => {
    const tree = withCategoryChildren([
      {
        slug: 'dangjian-jiceng-nongcun',
        name: '农村党建',
        level: 'category',
        order: 1,
      },
    ]);
    const problems = validateChannelTree(tree);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('层级错误');
  });

  it('reports children under a sub-category', () => {
    const tree = withCategoryChildren([
      {
        slug: 'dangjian-jiceng-nongcun',
        name: '农村党建',
        level: 'subcategory',
        order: 1,
        children: [
          {
            slug: 'dangjian-jiceng-nongcun-cun',
            name: '村级',
            level: 'subcategory',
            order: 1,
          },
        ],
      },
    ]);
    const problems = validateChannelTree(tree);
    expect(problems.some((p) => p.includes('不能再有下级栏目'))).toBe(true);
    expect(problems.some((p) => p.includes('层级过深'))).toBe(true);
  });

  it('reports empty names and duplicate sibling names', () => {
    const tree = withCategoryChildren([
      {
        slug: 'dangjian-jiceng-nongcun',
        name: '农村党建',
        level: 'subcategory',
        order: 1,
      },
      {
        slug: 'dangjian-jiceng-shequ',
        name: '农村党建',
        level: 'subcategory',
        order: 2,
      },
      {
        slug: 'dangjian-jiceng-jiguan',
        name: '  ',
        level: 'subcategory',
        order: 3,
      },
    ]);
    const problems = validateChannelTree(tree);
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.includes('名称“农村党建”重复'))).toBe(true);
    expect(problems.some((p) => p.includes('名称为空'))).toBe(true);
  });
});
