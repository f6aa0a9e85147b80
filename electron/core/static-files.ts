import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.ico': 'image/x-icon',
};

export type StaticFile =
  | { status: 200; body: Buffer; contentType: string; immutable: boolean }
  | { status: 404 };

/**
 * Maps a URL path to a file under `root`, refusing anything that would leave it (`..`,
 * encoded separators, NUL). Used by Electron's app:// protocol and by the web host alike.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]?.split('#')[0] ?? '');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  const base = resolve(root);
  const target = resolve(base, relative);
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  return target;
}

export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile> {
  const target = resolveStaticPath(root, urlPath);
  if (!target) return { status: 404 };
  try {
    const info = await stat(target);
    const file = info.isDirectory() ? resolve(target, 'index.html') : target;
    const body = await readFile(file);
    return {
      status: 200,
      body,
      contentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      // Vite puts content-hashed files under assets/; everything else may change between builds.
      immutable: file.includes(`${sep}assets${sep}`),
    };
  } catch {
    return { status: 404 };
  }
}
