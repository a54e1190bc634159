import { GraphQLError } from 'graphql';
import { DomainError } from '../../shared/src';

/**
 * What tests expect of refusals and of things that happen later, in one place: the error a command is refused with
 * (failing the test when it is not refused, or refused otherwise), and waiting for a condition without timing it.
 */

type ErrorClass<E> = abstract new (...args: never[]) => E;

/** The error a promise rejects with, of the class expected (DomainError by default); fails the test when it resolves. */
export async function refusal<E extends Error = DomainError>(p: Promise<unknown>, type?: ErrorClass<E>): Promise<E> {
  const expected = (type ?? DomainError) as ErrorClass<E>;
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(expected);
    return e as E;
  }
  throw new Error(`expected a ${expected.name}, but it succeeded`);
}

/** The error a function throws, of the class expected (DomainError by default); fails the test when it returns. */
export function thrownBy<E extends Error = DomainError>(fn: () => unknown, type?: ErrorClass<E>): E {
  const expected = (type ?? DomainError) as ErrorClass<E>;
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(expected);
    return e as E;
  }
  throw new Error(`expected a ${expected.name}, but it returned`);
}

/** The code of the DomainError a promise rejects with (fails the test when it resolves or rejects otherwise). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  return (await refusal(p)).code;
}

/** The code of the GraphQLError a promise rejects with (extensions.code). */
export async function graphqlCodeOf(p: Promise<unknown>): Promise<unknown> {
  return (await refusal(p, GraphQLError)).extensions.code;
}

/** The code of a GraphQL response's first error (undefined when it has none). */
export const responseCode = (body: { errors?: { extensions?: Record<string, unknown> }[] }): unknown => body.errors?.[0]?.extensions?.code;

/**
 * Reads a value until it passes a check, and returns it; fails with the last value read when it has not passed
 * within the time (generous: the machine is shared, so this waits for something to happen, it does not time it).
 */
export async function eventually<T>(fn: () => T | Promise<T>, check: (v: T) => boolean, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${shown(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
    last = await fn();
  }
  return last;
}

/** Waits until a condition holds (see eventually). */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, everyMs = 100): Promise<void> {
  await eventually(condition, (ok) => ok, timeoutMs, everyMs);
}

function shown(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 2_000) ?? String(value);
  } catch {
    return String(value);
  }
}
