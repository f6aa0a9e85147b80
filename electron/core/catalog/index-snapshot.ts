/**
 * The catalog index of the catalog version in use, kept on disk so a start does not rebuild it:
 * at 20,000 products building it takes most of a second (tokens, facets, orders), reading it
 * back tens of milliseconds. Browsing's part is read at start; the text search's part (two thirds
 * of the file) when the first search needs it or the kiosk is idle. A cache only: a snapshot of
 * another version, another format or a damaged file is ignored and replaced; SQLite stays the record.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { CatalogIndex, type BrowseParts, type SearchParts } from './catalog-index.ts';

/** Bumped whenever IndexParts or the layout changes shape: an older snapshot then reads as absent. */
const FORMAT = 'catalog-index/2';

/**
 * Layout: key length (u32), key, browse part length (u32), browse part, search part
 * (the parts in V8's serialisation).
 */
export class IndexSnapshot {
  constructor(private readonly file: string) {}

  /**
   * The stored index when it was made for `version` (the catalog version and the database schema).
   * Its search part is read when first needed; `rebuildSearch` makes it should that read fail.
   */
  load(version: string, rebuildSearch: () => SearchParts): CatalogIndex | undefined {
    const browse = this.read(version, 'browse');
    if (!browse) return undefined;
    return new CatalogIndex(browse as BrowseParts, () => (this.read(version, 'search') as SearchParts | undefined) ?? rebuildSearch());
  }

  private read(version: string, part: 'browse' | 'search'): unknown {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return undefined;
    }
    try {
      const readAt = (position: number, length: number) => {
        const bytes = Buffer.allocUnsafe(length);
        if (readSync(fd, bytes, 0, length, position) !== length) throw new Error('short read');
        return bytes;
      };
      const expected = Buffer.from(`${FORMAT} ${version}`, 'utf8');
      const head = readAt(0, 4 + expected.length + 4);
      if (head.readUInt32LE(0) !== expected.length || !head.subarray(4, 4 + expected.length).equals(expected)) return undefined;
      const browseLength = head.readUInt32LE(4 + expected.length);
      if (part === 'browse') return deserialize(readAt(head.length, browseLength));
      const searchAt = head.length + browseLength;
      const { size } = fstatSync(fd);
      return deserialize(readAt(searchAt, size - searchAt));
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** Replaces the stored snapshot (written aside, then renamed: a crash leaves the old one or none). Throws what the disk says. */
  save(version: string, index: CatalogIndex): void {
    const key = Buffer.from(`${FORMAT} ${version}`, 'utf8');
    const browse = serialize(index.browseParts);
    const search = serialize(index.searchPartsNow);
    const head = Buffer.alloc(4 + key.length + 4);
    head.writeUInt32LE(key.length, 0);
    key.copy(head, 4);
    head.writeUInt32LE(browse.length, 4 + key.length);
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(temp, Buffer.concat([head, browse, search]));
      renameSync(temp, this.file);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }
}
