import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FERRETDB_PATCHES, FERRETDB_VERSION, ferretDbBinaryPath } from './ferretdbBinary';

const patchesDir = join(__dirname, '..', '..', 'ferretdb');

/**
 * The built binary is cached in the tools folder under a name that carries the patches' content, so a changed
 * patch (or an old unpatched build left in `.tools/`) is never taken for the current build.
 */
describe('FerretDB build cache key', () => {
  it('names the patched build by the hash of every patch, apart from the stock build', () => {
    const hash = createHash('sha256');
    for (const name of FERRETDB_PATCHES) hash.update(name).update(readFileSync(join(patchesDir, name)));
    const expected = `ferretdb-${FERRETDB_VERSION}-djnet-${hash.digest('hex').slice(0, 10)}`;
    expect(ferretDbBinaryPath('/t')).toBe(join('/t', expected, 'ferretdb'));
    expect(ferretDbBinaryPath('/t', 'stock')).toBe(join('/t', `ferretdb-${FERRETDB_VERSION}`, 'ferretdb'));
  });

  it('applies every patch in shared/ferretdb (a patch file left out of the list would be silently unused)', () => {
    const files = readdirSync(patchesDir).filter((f) => f.endsWith('.patch'));
    expect(files.length).toBeGreaterThan(0);
    expect([...FERRETDB_PATCHES].sort()).toEqual(files.sort());
  });
});
