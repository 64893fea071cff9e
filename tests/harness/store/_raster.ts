/**
 * A small RGB canvas for the store's plots: rectangles (optionally
 * translucent), lines of any width, gnuplot's point shapes, and text in
 * the 6×13 bitmap font (horizontal, or turned a quarter left for a y-axis
 * label). Coordinates are pixels from the top left; everything is clipped.
 * @module
 */

import { FONT_ASCENT, FONT_HEIGHT, FONT_WIDTH, glyph } from "./_font.ts";
import { encodePng } from "./_png.ts";

/** An RGB colour. */
export type Rgb = readonly [number, number, number];

/**
 * Parses `#RRGGBB`.
 * @param hex The colour.
 * @returns Its channels.
 */
export function rgb(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Where text is anchored horizontally. */
export type Align = "left" | "center" | "right";

/** An RGB raster. */
export class Raster {
  readonly data: Uint8Array;

  /**
   * @param width Pixels.
   * @param height Pixels.
   * @param background Fill colour (default white).
   */
  constructor(readonly width: number, readonly height: number, background: Rgb = [255, 255, 255]) {
    this.data = new Uint8Array(width * height * 3);
    for (let i = 0; i < this.data.length; i += 3) this.data.set(background, i);
  }

  /** Paints one pixel, blending with `alpha` (0–1). */
  pixel(x: number, y: number, c: Rgb, alpha = 1): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    if (alpha >= 1) {
      this.data[i] = c[0];
      this.data[i + 1] = c[1];
      this.data[i + 2] = c[2];
      return;
    }
    for (let k = 0; k < 3; k++) {
      this.data[i + k] = Math.round(this.data[i + k] * (1 - alpha) + c[k] * alpha);
    }
  }

  /** Fills the rectangle with corners (x0, y0) and (x1, y1). */
  fillRect(x0: number, y0: number, x1: number, y1: number, c: Rgb, alpha = 1): void {
    const [xa, xb] = [Math.round(Math.min(x0, x1)), Math.round(Math.max(x0, x1))];
    const [ya, yb] = [Math.round(Math.min(y0, y1)), Math.round(Math.max(y0, y1))];
    for (let y = Math.max(0, ya); y <= Math.min(this.height - 1, yb); y++) {
      for (let x = Math.max(0, xa); x <= Math.min(this.width - 1, xb); x++) {
        this.pixel(x, y, c, alpha);
      }
    }
  }

  /** Draws a line `width` pixels thick. */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, width = 1): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const half = (width - 1) / 2;
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps, y = y0 + ((y1 - y0) * s) / steps;
      if (width <= 1) this.pixel(x, y, c);
      else this.fillRect(x - half, y - half, x + half, y + half, c);
    }
  }

  /** Draws a closed polygon's outline. */
  polygon(points: ReadonlyArray<readonly [number, number]>, c: Rgb): void {
    points.forEach(([x, y], i) => {
      const [nx, ny] = points[(i + 1) % points.length];
      this.line(x, y, nx, ny, c);
    });
  }

  /**
   * Draws gnuplot's point type `pt` (4 square, 6 circle, 8 triangle, 10
   * upside-down triangle, 12 diamond, 14 pentagon; odd numbers and
   * others: a plus) centred on (x, y).
   */
  point(x: number, y: number, pt: number, c: Rgb): void {
    const r = 3;
    switch (pt % 12) {
      case 4:
        return this.polygon([[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]], c);
      case 6:
        for (let a = 0; a < 24; a++) {
          const t = (a / 24) * 2 * Math.PI;
          this.pixel(x + r * Math.cos(t), y + r * Math.sin(t), c);
        }
        return;
      case 8:
        return this.polygon([[x, y - r - 1], [x + r + 1, y + r], [x - r - 1, y + r]], c);
      case 10:
        return this.polygon([[x, y + r + 1], [x + r + 1, y - r], [x - r - 1, y - r]], c);
      case 0:
        return this.polygon([[x, y - r - 1], [x + r + 1, y], [x, y + r + 1], [x - r - 1, y]], c);
      case 2:
        return this.polygon(
          [0, 1, 2, 3, 4].map((k) => {
            const t = -Math.PI / 2 + (k * 2 * Math.PI) / 5;
            return [x + (r + 1) * Math.cos(t), y + (r + 1) * Math.sin(t)] as const;
          }),
          c,
        );
      default:
        this.line(x - r, y, x + r, y, c);
        this.line(x, y - r, x, y + r, c);
    }
  }

  /**
   * Writes text with its baseline at `y`.
   * @param rotated Turned a quarter left (reads bottom to top), centred on (x, y).
   */
  text(x: number, y: number, s: string, c: Rgb, align: Align = "left", rotated = false): void {
    const w = s.length * FONT_WIDTH;
    const x0 = Math.round(align === "left" ? x : align === "center" ? x - w / 2 : x - w);
    if (rotated) {
      const top = Math.round(y + w / 2);
      [...s].forEach((ch, i) =>
        this.#glyph(ch, (gx, gy) => this.pixel(x - FONT_ASCENT + gy, top - i * FONT_WIDTH - gx, c))
      );
      return;
    }
    const base = Math.round(y) - FONT_ASCENT;
    [...s].forEach((ch, i) =>
      this.#glyph(ch, (gx, gy) => this.pixel(x0 + i * FONT_WIDTH + gx, base + gy, c))
    );
  }

  #glyph(ch: string, set: (gx: number, gy: number) => void): void {
    const rows = glyph(ch);
    for (let gy = 0; gy < FONT_HEIGHT; gy++) {
      for (let gx = 0; gx < FONT_WIDTH; gx++) if (rows[gy] & (0x20 >> gx)) set(gx, gy);
    }
  }

  /** The raster as a PNG file. */
  png(): Uint8Array {
    return encodePng(this.width, this.height, this.data);
  }
}
