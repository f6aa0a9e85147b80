/**
 * The catalog index of the catalog version in use, kept on disk so a start does not rebuild it:
 * at 20,000 products building it takes most of a second (tokens, facets, orders), reading it
 * back tens of milliseconds. A cache only: a snapshot of another version, another format or a
 * damaged file is ignored and replaced; SQLite stays the record.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { CatalogIndex, type IndexParts } from './catalog-index.ts';

/** Bumped whenever IndexParts changes shape: an older snapshot then reads as absent. */
const FORMAT = 'catalog-index/1';

export class IndexSnapshot {
  constructor(private readonly file: string) {}

  /** The stored index when it was made for `version` (the catalog version and the database schema). */
  load(version: string): CatalogIndex | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.file);
    } catch {
      return undefined;
    }
    try {
      const keyLength = bytes.readUInt32LE(0);
      if (bytes.toString('utf8', 4, 4 + keyLength) !== `${FORMAT} ${version}`) return undefined;
      return new CatalogIndex(deserialize(bytes.subarray(4 + keyLength)) as IndexParts);
    } catch {
      return undefined;
    }
  }

  /** Replaces the stored snapshot (written aside, then renamed: a crash leaves the old one or none). Throws what the disk says. */
  save(version: string, index: CatalogIndex): void {
    const key = Buffer.from(`${FORMAT} ${version}`, 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32LE(key.length, 0);
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(temp, Buffer.concat([head, key, serialize(index.parts)]));
      renameSync(temp, this.file);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }
}
