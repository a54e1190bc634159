/** Waits until the gateway's supergraph includes every given node (it recomposes as nodes register). */
export async function waitForMembers(gatewayUrl: string, codes: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let members: string[] = [];
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${gatewayUrl}/readyz`, { signal: AbortSignal.timeout(1_000) });
      members = ((await response.json()) as { members?: string[] }).members ?? [];
      if (response.ok && codes.every((c) => members.includes(c))) return members;
    } catch {
      /* gateway busy or restarting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const missing = codes.filter((c) => !members.includes(c));
  throw new Error(`网关在 ${Math.round(timeoutMs / 1000)} 秒内未纳入节点：${missing.join(', ')}`);
}
