import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One structured JSON logger per process. Components take a child logger with their own bindings
 * (node code, component name) so every line says where it came from.
 */
export function createLogger(bindings: Record<string, unknown>, level: string = 'info'): Logger {
  return pino({ level, base: { pid: process.pid, ...bindings }, timestamp: pino.stdTimeFunctions.isoTime });
}
