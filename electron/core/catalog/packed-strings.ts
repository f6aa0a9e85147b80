/**
 * A column of strings as one UTF-8 buffer and where each ends: a snapshot reads it back as two
 * copies of memory instead of 20,000 strings made one by one (the cards' text was most of a
 * start's snapshot read), and a page decodes only its own 24.
 */
export interface PackedStrings {
  bytes: Uint8Array;
  ends: Uint32Array;
}

const encoder = new TextEncoder();
/** Node's decoder over each column's bytes (a third of TextDecoder's cost on a short string, measured). */
const views = new WeakMap<PackedStrings, Buffer>();

export function packStrings(list: readonly string[]): PackedStrings {
  const encoded = list.map((s) => encoder.encode(s));
  const ends = new Uint32Array(list.length);
  let total = 0;
  encoded.forEach((bytes, i) => {
    total += bytes.length;
    ends[i] = total;
  });
  const bytes = new Uint8Array(total);
  encoded.forEach((part, i) => bytes.set(part, (ends[i] ?? 0) - part.length));
  return { bytes, ends };
}

/** The i-th string ('' past the end). */
export function stringAt(packed: PackedStrings, i: number): string {
  const end = packed.ends[i];
  if (end === undefined) return '';
  let view = views.get(packed);
  if (!view) {
    view = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset, packed.bytes.byteLength);
    views.set(packed, view);
  }
  return view.toString('utf8', i === 0 ? 0 : (packed.ends[i - 1] ?? 0), end);
}
