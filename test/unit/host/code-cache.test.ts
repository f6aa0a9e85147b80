import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBundle } from '../../../electron/host/code-cache.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();

/** A bundle whose answer depends on its text; `n` keeps the length the same between versions. */
const bundle = (n: number) => `const { join } = require('node:path');\nexports.answer = () => join('v', String(${n}));\nexports.file = __filename;\n`;

describe('web host code cache', () => {
  it('runs from the cache written at the last exit, and never runs stale code from it', () => {
    const dir = tempDir();
    const file = join(dir, 'app.cjs');
    const cache = join(dir, 'cache', 'code.bin');
    writeFileSync(file, bundle(1));

    const first = runBundle(file, cache);
    expect(first.fromCache).toBe(false);
    expect((first.exports as { answer: () => string }).answer()).toBe(join('v', '1'));
    expect((first.exports as { file: string }).file).toBe(file);
    first.save();

    const second = runBundle(file, cache);
    expect(second.fromCache).toBe(true);
    expect((second.exports as { answer: () => string }).answer()).toBe(join('v', '1'));

    // A rebuild of the same length (which V8's own check would take for the same source).
    writeFileSync(file, bundle(2));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const rebuilt = runBundle(file, cache);
    expect(rebuilt.fromCache).toBe(false);
    expect((rebuilt.exports as { answer: () => string }).answer()).toBe(join('v', '2'));

    // A damaged cache is compiled past.
    writeFileSync(cache, 'garbage');
    expect(runBundle(file, cache).fromCache).toBe(false);
  });
});
