// The site's icon in the forms browsers and phones ask for: SVG, a 32×32 favicon.ico (one PNG
// inside an ICO header), 192/512 PNGs and the web manifest that names them. Rasterised once by
// sharp on first request.
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import type { AppEnv } from './context.ts';

const ICON_SVG = readFileSync(new URL('./static/icon.svg', import.meta.url));
const LONG = 'public, max-age=604800';

const rendered = new Map<number, Promise<Buffer>>();
function iconPng(size: number): Promise<Buffer> {
  let png = rendered.get(size);
  if (!png) {
    png = import('sharp').then(({ default: sharp }) => sharp(ICON_SVG, { density: 72 * (size / 64) }).resize(size, size).png().toBuffer());
    rendered.set(size, png);
  }
  return png;
}

/** An ICO file holding one PNG image (allowed since Windows Vista, read by every browser). */
export function icoFromPng(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6);
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, png]);
}

export function manifest(): object {
  return {
    name: 'Paperboy',
    short_name: 'Paperboy',
    description: 'Trending research papers, curated by the research community.',
    start_url: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b57d0',
    icons: [
      { src: '/static/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/static/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/static/icon-512.png', sizes: '512x512', type: 'image/png' },
    ],
  };
}

export function addIconRoutes(app: Hono<AppEnv>): void {
  app.get('/static/icon.svg', (c) => c.body(ICON_SVG as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': LONG }));
  app.get('/favicon.ico', async (c) => c.body(icoFromPng(await iconPng(32), 32) as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/x-icon', 'Cache-Control': LONG }));
  for (const size of [192, 512]) {
    app.get(`/static/icon-${size}.png`, async (c) => c.body((await iconPng(size)) as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/png', 'Cache-Control': LONG }));
  }
  app.get('/manifest.webmanifest', (c) => c.body(JSON.stringify(manifest()), 200, { 'Content-Type': 'application/manifest+json', 'Cache-Control': 'public, max-age=86400' }));
}
