const art = import.meta.glob<string>('../../resources/product-art/*.svg', { eager: true, query: '?url', import: 'default' });
const byKey = new Map(Object.entries(art).map(([path, url]) => [path.replace(/^.*\/(.+)\.svg$/, '$1'), url]));

/** Bundled category illustrations (no brand photos); decorative, so hidden from screen readers. */
export function ProductArt({ name, className }: { name: string; className?: string }) {
  const url = byKey.get(name);
  if (!url) return <div className={`art art--missing ${className ?? ''}`} aria-hidden="true" />;
  return <img className={`art ${className ?? ''}`} src={url} alt="" draggable={false} />;
}

const ready: HTMLImageElement[] = [];

/** Fetches and decodes every illustration once, and keeps them, so no screen waits for one. */
export function warmArt(): void {
  if (ready.length > 0) return;
  for (const url of byKey.values()) {
    const image = new Image();
    image.src = url;
    ready.push(image);
    image.decode().catch(() => undefined);
  }
}
