import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A small proxy on loopback between a kiosk and HQ that injects the network's faults (issue 9's
 * fault suite): HQ unreachable, the response lost after HQ committed, every request delivered
 * several times at once, and a stale copy of a request arriving after newer ones (reordering).
 * It works on whole HTTP messages so a fault hits a request, not a random byte.
 */
export type Fault =
  /** Pass the request on and its response back. */
  | 'forward'
  /** Reset the connection before HQ sees anything: the network is down. */
  | 'refuse'
  /** HQ gets and answers the request; the answer never reaches the kiosk (connection reset). */
  | 'lose-response'
  /** HQ gets `times` copies at once; the kiosk gets the first answer. */
  | { duplicate: number }
  /** Forward now, and deliver a copy again after the next request has been answered (reordered). */
  | 'late-copy';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** 1-based count of requests the proxy has seen. */
  n: number;
}

export interface FaultCounts {
  requests: number;
  forwarded: number;
  refused: number;
  lost: number;
  duplicates: number;
  lateCopies: number;
  /** Connections reset while the proxy was down. */
  resets: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Decides each request's fault (default: forward everything). */
  setFault(decide: (request: ProxiedRequest) => Fault): void;
  /** Refuse every connection (HQ's link is cut) until `up()`. */
  down(): void;
  up(): void;
  readonly counts: Readonly<FaultCounts>;
  /** Delivers any late copies still held. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer', 'host', 'content-length']);

interface Captured {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function collect(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let decide: (request: ProxiedRequest) => Fault = () => 'forward';
  let isDown = false;
  let late: Captured[] = [];
  const counts: FaultCounts = { requests: 0, forwarded: 0, refused: 0, lost: 0, duplicates: 0, lateCopies: 0, resets: 0 };
  const sockets = new Set<Socket>();

  const send = (captured: Captured): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: captured.method,
          path: captured.path,
          headers: { ...endToEnd(captured.headers), host: upstream.host, 'content-length': String(captured.body.length) },
          agent: false,
        },
        (response) => {
          collect(response).then((body) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body }), reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(captured.body);
    });

  const deliverLate = async () => {
    const held = late;
    late = [];
    for (const copy of held) {
      counts.lateCopies += 1;
      await send(copy).catch(() => undefined);
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await collect(req);
      counts.requests += 1;
      const captured: Captured = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
      const fault = decide({ method: captured.method, path: captured.path, n: counts.requests });
      if (fault === 'refuse') {
        counts.refused += 1;
        req.socket.destroy();
        return;
      }
      const held = late.length > 0;
      let answer: Answer;
      try {
        if (typeof fault === 'object') {
          counts.duplicates += fault.duplicate - 1;
          const answers = await Promise.allSettled(Array.from({ length: fault.duplicate }, () => send(captured)));
          const first = answers.find((a): a is PromiseFulfilledResult<Answer> => a.status === 'fulfilled');
          if (!first) throw (answers[0] as PromiseRejectedResult).reason;
          answer = first.value;
        } else {
          answer = await send(captured);
        }
      } catch {
        // HQ itself is unreachable behind the proxy: the kiosk sees a reset, as it would.
        req.socket.destroy();
        return;
      }
      counts.forwarded += 1;
      if (held) await deliverLate();
      if (fault === 'late-copy') late.push(captured);
      if (fault === 'lose-response') {
        counts.lost += 1;
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { ...endToEnd(answer.headers), 'content-length': String(answer.body.length) });
      res.end(answer.body);
    })();
  });
  server.on('connection', (socket) => {
    if (isDown) {
      counts.resets += 1;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    setFault: (next) => {
      decide = next;
    },
    down: () => {
      isDown = true;
      for (const socket of sockets) socket.destroy();
    },
    up: () => {
      isDown = false;
    },
    counts,
    flush: deliverLate,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
