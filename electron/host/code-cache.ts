/**
 * Runs a CommonJS bundle with V8's code cache: the compiled code of every function that ran in
 * the last run, read back instead of compiled again. Node 20 has no compile cache of its own
 * (`module.enableCompileCache` came in 22), and compiling the web host's bundle was a third of a
 * normal start. A cache only: a missing, stale or damaged one means compiling as usual.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export interface CachedBundle {
  exports: unknown;
  /** Whether compiled code was read from the cache (false: none, stale, or V8 refused it). */
  fromCache: boolean;
  /** Writes the cache from what has been compiled so far; best done late (at exit), when most has run. */
  save(): void;
}

/** Same wrapper as Node's own loader, on the bundle's first line so line numbers stay the same. */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n})'];

export function runBundle(bundle: string, cacheFile: string): CachedBundle {
  const source = readFileSync(bundle, 'utf8');
  // V8 checks its own version and flags and the source's length, not its text: a rebuilt bundle of
  // the same length would take the old code. The key (Node's version and the bundle's size and
  // time) is checked here.
  const info = statSync(bundle);
  const key = Buffer.from(`${process.version} ${process.arch} ${info.size} ${info.mtimeMs}\n`);
  let cachedData: Buffer | undefined;
  try {
    const stored = readFileSync(cacheFile);
    if (stored.subarray(0, key.length).equals(key)) cachedData = stored.subarray(key.length);
  } catch {
    // No cache yet.
  }
  const script = new Script(WRAPPER[0] + source + WRAPPER[1], { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return {
    exports: module.exports,
    fromCache: cachedData !== undefined && !script.cachedDataRejected,
    save() {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        writeFileSync(temp, Buffer.concat([key, script.createCachedData()]));
        renameSync(temp, cacheFile);
      } catch {
        // A read-only or full disk: the next start compiles, as without a cache.
        rmSync(temp, { force: true });
      }
    },
  };
}
