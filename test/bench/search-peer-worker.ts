// One peer engine in its own worker thread (its own V8 heap): MiniSearch allocates hundreds of
// megabytes on a broad prefix, and that garbage collected in the bench's heap would be charged
// to whichever engine ran next, ours included. The worker times the search itself, so the
// message round trip is not counted.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { CatalogDataset } from '../../electron/contract/catalog.ts';
import { flexSearch, miniSearch, searchDocs, type PeerEngine } from './search-peers.ts';

export interface PeerWorkerData {
  catalogFile: string;
  engine: 'flexsearch' | 'minisearch';
}
export type PeerRequest = { seq: number; text: string; limit: number; fuzzy: boolean };
export type PeerReply =
  | { kind: 'ready'; name: string; docsMs: number; buildMs: number }
  | { kind: 'result'; seq: number; ms: number; ids: number[] }
  | { kind: 'error'; seq: number; message: string };

const data = workerData as PeerWorkerData;
const port = parentPort;
if (port) {
  const dataset = JSON.parse(readFileSync(data.catalogFile, 'utf8')) as CatalogDataset;
  let start = process.hrtime.bigint();
  const docs = searchDocs(dataset);
  const docsMs = Number(process.hrtime.bigint() - start) / 1e6;
  start = process.hrtime.bigint();
  const engine: PeerEngine = data.engine === 'flexsearch' ? flexSearch(docs) : miniSearch(docs);
  const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
  port.postMessage({ kind: 'ready', name: engine.name, docsMs, buildMs } satisfies PeerReply);
  port.on('message', (request: PeerRequest) => {
    try {
      const begin = process.hrtime.bigint();
      const ids = request.fuzzy ? engine.fuzzy(request.text, request.limit) : engine.search(request.text, request.limit);
      const ms = Number(process.hrtime.bigint() - begin) / 1e6;
      port.postMessage({ kind: 'result', seq: request.seq, ms, ids } satisfies PeerReply);
    } catch (error) {
      port.postMessage({ kind: 'error', seq: request.seq, message: String(error) } satisfies PeerReply);
    }
  });
}
