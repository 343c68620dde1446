/**
 * A small image as a `data:image/bmp` URI, for the report's pictures of misclassified examples. BMP because
 * it is the one format every browser shows that needs no compression to write: a 54-byte header and the
 * pixels, so the report stays free of scripts and of a PNG encoder. Browser-safe (btoa).
 */
import { fail } from "../errors.js";

export interface PixelImage {
  height: number;
  width: number;
  /** 1 (grey) or 3 (RGB), interleaved per pixel. */
  channels: number;
  /** height * width * channels values, row 0 at the top, in any range: shown stretched from min (black) to max (white). */
  pixels: ArrayLike<number>;
}

/** The image as a 24-bit BMP data URI, its values stretched to 0..255 (a flat image is mid-grey). */
export function imageDataUri(image: PixelImage): string {
  const { height, width, channels, pixels } = image;
  if (!(channels === 1 || channels === 3)) fail("imageDataUri", "1 or 3 channels", channels);
  if (pixels.length !== height * width * channels) {
    fail("imageDataUri", `height * width * channels = ${height * width * channels} pixel values`, `${pixels.length}`);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const scale = max > min ? 255 / (max - min) : 0;
  const byte = (v: number) => (Number.isFinite(v) ? (scale ? Math.round((v - min) * scale) : 128) : 0);
  const rowBytes = (width * 3 + 3) & ~3; // each row padded to 4 bytes
  const size = 54 + rowBytes * height;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // "BM"
  bytes[1] = 0x4d;
  view.setUint32(2, size, true);
  view.setUint32(10, 54, true); // pixels start after the two headers
  view.setUint32(14, 40, true); // BITMAPINFOHEADER
  view.setInt32(18, width, true);
  view.setInt32(22, height, true); // positive: rows stored bottom-up
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(34, rowBytes * height, true);
  for (let r = 0; r < height; r++) {
    const row = 54 + (height - 1 - r) * rowBytes;
    for (let c = 0; c < width; c++) {
      const at = (r * width + c) * channels;
      const red = byte(pixels[at]!);
      const green = channels === 3 ? byte(pixels[at + 1]!) : red;
      const blue = channels === 3 ? byte(pixels[at + 2]!) : red;
      bytes[row + 3 * c] = blue; // BMP stores BGR
      bytes[row + 3 * c + 1] = green;
      bytes[row + 3 * c + 2] = red;
    }
  }
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return `data:image/bmp;base64,${btoa(binary)}`;
}
