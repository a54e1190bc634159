import type { Tier } from '@djnet/shared';
import { html, type SafeHtml } from '../html';
import { articlePath, formatDate, TIER_NAMES } from '../siteFormat';

export interface MapNode {
  code: string;
  name: string;
  tier: Tier;
  url: string;
  reachable: boolean;
  /** The newest item on the node's own site (read from the node; absent until it answered once). */
  own: { id: string; title: string; publishedAt: string | null } | null;
  /** The node's newest item that reached the portal (its own or relayed through it). */
  latest: { id: string; title: string; publishedAt: string | null } | null;
  children: MapNode[];
}

function mapNode(n: MapNode): SafeHtml {
  return html`<li>
    <span class="tier">${TIER_NAMES[n.tier]}</span
    ><a class="node-name" href="${n.url}/">${n.name}</a>${n.reachable ? '' : html` <span class="date">（暂时无法访问）</span>`}
    ${
      n.own
        ? html`<span class="latest"
            >本站最新：<a href="${n.url}${articlePath(n.own.id)}">${n.own.title}</a>
            <time datetime="${n.own.publishedAt ?? ''}">${formatDate(n.own.publishedAt)}</time></span
          >`
        : ''
    }
    <span class="latest"
      >${
        n.latest
          ? html`门户采用：<a href="${articlePath(n.latest.id)}">${n.latest.title}</a>
              <time datetime="${n.latest.publishedAt ?? ''}">${formatDate(n.latest.publishedAt)}</time>`
          : '暂无采用到门户的信息'
      }</span
    >
    ${
      n.children.length > 0
        ? html`<ul>
            ${n.children.map(mapNode)}
          </ul>`
        : ''
    }
  </li>`;
}

export function networkMain(root: MapNode | null, counts: Record<Tier, number>): SafeHtml {
  return html`<h1>网群地图</h1>
    <p>
      全市党建网群：龙头（市级门户）${counts.city} 个、骨干（县级网站）${counts.county} 个、节点（乡镇服务站）${counts.township}
      个。每个站点显示本站最新信息和最近一条被门户采用的信息。
    </p>
    <div class="map">
      ${
        root
          ? html`<ul>
              ${mapNode(root)}
            </ul>`
          : html`<p class="empty">网群目录暂不可用</p>`
      }
    </div>`;
}
