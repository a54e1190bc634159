import { Router } from 'express';

/**
 * The network's icon, drawn here rather than shipped as a binary: a yellow five-pointed star on a red rounded
 * square, 32 × 32, as an ICO file holding one 32-bit BMP image (the format every browser asks `/favicon.ico` for).
 */
const SIZE = 32;
const RED = [0xc8, 0x10, 0x2e] as const;
const GOLD = [0xff, 0xd7, 0x00] as const;

/** The star's ten corners around the centre (outer radius r, inner 0.382 r), the first pointing up. */
function starPolygon(cx: number, cy: number, r: number): [number, number][] {
  return Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? r : r * 0.382;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
  });
}

function inside(polygon: readonly [number, number][], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Coverage of a pixel (0–1) by a shape, from 4 × 4 samples: smooth edges without a drawing library. */
function coverage(test: (x: number, y: number) => boolean, px: number, py: number): number {
  let n = 0;
  for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (test(px + (sx + 0.5) / 4, py + (sy + 0.5) / 4)) n++;
  return n / 16;
}

export function renderFavicon(): Buffer {
  const star = starPolygon(SIZE / 2, SIZE / 2 + 1.5, SIZE * 0.42);
  const radius = 6;
  const inSquare = (x: number, y: number) => {
    const dx = Math.max(radius - x, 0, x - (SIZE - radius));
    const dy = Math.max(radius - y, 0, y - (SIZE - radius));
    return dx * dx + dy * dy <= radius * radius;
  };
  // BMP rows go bottom-up, pixels as B, G, R, A; then the 1-bit AND mask (all zero: alpha decides).
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const alpha = coverage(inSquare, x, y);
      const gold = coverage((sx, sy) => inside(star, sx, sy), x, y);
      const mix = (c: number) => Math.round(RED[c]! * (1 - gold) + GOLD[c]! * gold);
      const at = ((SIZE - 1 - y) * SIZE + x) * 4;
      pixels[at] = mix(2);
      pixels[at + 1] = mix(1);
      pixels[at + 2] = mix(0);
      pixels[at + 3] = Math.round(alpha * 255);
    }
  }
  const mask = Buffer.alloc((SIZE / 8) * SIZE);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(SIZE, 4);
  header.writeInt32LE(SIZE * 2, 8); // XOR image and AND mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixels.length + mask.length, 20);
  const image = Buffer.concat([header, pixels, mask]);
  const dir = Buffer.alloc(6 + 16);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // icon
  dir.writeUInt16LE(1, 4); // one image
  dir.writeUInt8(SIZE, 6);
  dir.writeUInt8(SIZE, 7);
  dir.writeUInt16LE(1, 10);
  dir.writeUInt16LE(32, 12);
  dir.writeUInt32LE(image.length, 14);
  dir.writeUInt32LE(dir.length, 18);
  return Buffer.concat([dir, image]);
}

/** `GET /favicon.ico` on every node (so browsers log no 404), cached for a day. */
export function faviconRoute(): Router {
  const icon = renderFavicon();
  const router = Router();
  router.get('/favicon.ico', (_req, res) => {
    res.set({ 'content-type': 'image/x-icon', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }).send(icon);
  });
  return router;
}
