import type { NodeConfig } from '@djnet/shared';

/** What this node says about itself (`Network.<code>`). Children come from the city directory. */
export class SiteIdentity {
  private childCodes: string[] = [];

  constructor(
    private readonly config: NodeConfig,
    public url: string,
  ) {}

  setChildren(codes: string[]): void {
    this.childCodes = [...codes].sort();
  }

  view() {
    return {
      code: this.config.code,
      name: this.config.name,
      tier: this.config.tier.toUpperCase(),
      parent: this.config.parent,
      children: this.childCodes,
      url: this.url,
      schemaLevel: this.config.schemaLevel,
    };
  }
}
