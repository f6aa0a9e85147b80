import { SECURITY_HEADERS } from '../contract/csp.ts';
import { readStaticFile } from '../core/static-files.ts';
import { isAppUrl } from './policy.ts';

/**
 * The app:// protocol handler: serves the built renderer (`dist/renderer`) with the same
 * security headers as the web host. Kept free of `electron` so Vitest can exercise it with
 * plain fetch Request/Response objects; main.ts passes it to `protocol.handle`.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const headersFor = (extra: Record<string, string>) => ({
    ...SECURITY_HEADERS,
    'X-Frame-Options': 'DENY',
    ...extra,
  });
  const plain = (status: number, text: string) =>
    new Response(text, { status, headers: headersFor({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }) });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    if (!isAppUrl(request.url)) return plain(404, 'Not found');
    const file = await readStaticFile(rendererDir, new URL(request.url).pathname);
    if (file.status === 404) return plain(404, 'Not found');
    const headers = headersFor({
      'Content-Type': file.contentType,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    const body = request.method === 'HEAD' ? null : new Uint8Array(file.body.buffer, file.body.byteOffset, file.body.byteLength);
    return new Response(body, { status: 200, headers });
  };
}
