/**
 * Test helpers for the store's files: an SVG/XML well-formedness check and
 * a PNG decoder, both from well-kept npm packages (so our writers are
 * checked by code that is not ours).
 * @module
 */

import { XMLValidator } from "fast-xml-parser";
import { decode } from "fast-png";

/**
 * Throws unless `text` is well-formed XML.
 * @param text The document.
 * @param what What it is, for the message.
 */
export function assertXml(text: string, what: string): void {
  const r = XMLValidator.validate(text);
  if (r !== true) throw new Error(`${what} is not well-formed XML: ${JSON.stringify(r.err)}`);
}

/**
 * Decodes a PNG (header, every IDAT chunk, CRCs) and returns its size and pixels.
 * @param bytes The file.
 * @returns Width, height, channels and the pixel data.
 */
export function decodePng(
  bytes: Uint8Array,
): { width: number; height: number; channels: number; data: ArrayLike<number> } {
  const img = decode(bytes, { checkCrc: true });
  return { width: img.width, height: img.height, channels: img.channels, data: img.data };
}
