export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __djnetDatabase?: { stop(): Promise<void> } }).__djnetDatabase;
  await server?.stop();
}
