import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { CheckedGraphs } from './decision-engine.ts';

const Stored = z.object({ appVersion: z.string(), hashes: z.array(z.string()) });
/** The bundled graph and a few of HQ's: older ones are not loaded again. */
const KEPT = 8;

/**
 * Which decision graphs compiled whole in this app version, kept in a file (a cache: missing or
 * damaged, every expression is compiled again; another app version may bring another zen-engine,
 * so its list does not count).
 */
export function checkedGraphsFile(file: string, appVersion: string): CheckedGraphs {
  let hashes: string[] | undefined;
  const read = (): string[] => {
    if (hashes) return hashes;
    try {
      const stored = Stored.parse(JSON.parse(readFileSync(file, 'utf8')));
      hashes = stored.appVersion === appVersion ? stored.hashes : [];
    } catch {
      hashes = [];
    }
    return hashes;
  };
  return {
    has: (hash) => read().includes(hash),
    add(hash) {
      const known = read();
      if (known.includes(hash)) return;
      hashes = [...known, hash].slice(-KEPT);
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(`${file}.tmp`, JSON.stringify({ appVersion, hashes }));
        renameSync(`${file}.tmp`, file);
      } catch {
        // Compiled again at the next start: slower, not wrong.
      }
    },
  };
}
