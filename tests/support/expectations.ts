import { DomainError } from '../../shared/src';

/** The code of the DomainError a promise rejects with (fails the test when it resolves or rejects otherwise). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  throw new Error('expected a DomainError');
}
