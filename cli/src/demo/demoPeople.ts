/** Surnames and given names common in Guangxi, for the demo's accounts (one admin, editor and officer per node). */
const SURNAMES = ['韦', '覃', '蓝', '莫', '黄', '陆', '梁', '潘', '蒙', '廖', '农', '罗'];
const GIVEN = [
  '丽华',
  '志强',
  '海燕',
  '建国',
  '秀英',
  '文军',
  '小红',
  '春生',
  '桂兰',
  '永明',
  '晓梅',
  '国庆',
  '美玲',
  '德才',
  '金凤',
  '振华',
];

export interface NodePeople {
  admin: string;
  editor: string;
  officer: string;
}

/** The people of the n-th node of the demo: three distinct names, the same on every run. */
export function demoPeople(): (n: number) => NodePeople {
  const name = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7 + Math.floor(i / SURNAMES.length)) % GIVEN.length]}`;
  return (n) => ({ admin: name(3 * n), editor: name(3 * n + 1), officer: name(3 * n + 2) });
}
