import { describe, expect, it } from "vitest";
import { imageDataUri } from "./image-uri.js";

const decode = (uri: string) => {
  expect(uri.startsWith("data:image/bmp;base64,")).toBe(true);
  return Uint8Array.from(atob(uri.slice("data:image/bmp;base64,".length)), (c) => c.charCodeAt(0));
};

describe("imageDataUri", () => {
  it("writes a 24-bit BMP, rows bottom-up and padded to 4 bytes, values stretched to 0..255 (worked by hand)", () => {
    // 2 rows x 3 columns of grey, values 10..15: stretched to 0, 51, 102 (top row) and 153, 204, 255.
    const bytes = decode(imageDataUri({ height: 2, width: 3, channels: 1, pixels: [10, 11, 12, 13, 14, 15] }));
    const view = new DataView(bytes.buffer);
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("BM");
    const rowBytes = 12; // 3 pixels * 3 bytes = 9, padded to 12
    expect(bytes.length).toBe(54 + 2 * rowBytes);
    expect(view.getUint32(2, true)).toBe(bytes.length);
    expect(view.getUint32(10, true)).toBe(54);
    expect([view.getInt32(18, true), view.getInt32(22, true), view.getUint16(28, true)]).toEqual([3, 2, 24]);
    // The file's first row is the image's bottom row.
    expect(Array.from(bytes.subarray(54, 54 + 12))).toEqual([153, 153, 153, 204, 204, 204, 255, 255, 255, 0, 0, 0]);
    expect(Array.from(bytes.subarray(66, 66 + 12))).toEqual([0, 0, 0, 51, 51, 51, 102, 102, 102, 0, 0, 0]);
  });
  it("stores RGB as BGR; a flat image is mid-grey; non-finite values are black", () => {
    const rgb = decode(imageDataUri({ height: 1, width: 1, channels: 3, pixels: [1, 0, 0.5] }));
    expect(Array.from(rgb.subarray(54, 57))).toEqual([128, 0, 255]);
    const flat = decode(imageDataUri({ height: 1, width: 2, channels: 1, pixels: [7, 7] }));
    expect(Array.from(flat.subarray(54, 60))).toEqual([128, 128, 128, 128, 128, 128]);
    const nan = decode(imageDataUri({ height: 1, width: 3, channels: 1, pixels: [0, NaN, 1] }));
    expect(Array.from(nan.subarray(54, 63))).toEqual([0, 0, 0, 0, 0, 0, 255, 255, 255]);
  });
  it("refuses a pixel count that does not match the shape, and 2 or 4 channels", () => {
    expect(() => imageDataUri({ height: 2, width: 2, channels: 1, pixels: [1, 2, 3] })).toThrow(/4 pixel values.*3/);
    expect(() => imageDataUri({ height: 1, width: 1, channels: 4, pixels: [1, 2, 3, 4] })).toThrow(/1 or 3 channels/);
  });
});
