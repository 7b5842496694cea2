// condense/image: PNG and JPEG in, PNG out, in Node (node:zlib) and browsers (CompressionStream).

/** Decoded pixels: 8-bit samples, row by row, `channels` a pixel. Pass it to fromImageData. */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8Array;
  /** 1 (gray), 3 (RGB) or 4 (RGBA): the file's own, or what `channels` asked for. */
  channels: 1 | 3 | 4;
  info:
    | { format: 'PNG'; colorType: string; bitDepth: number; interlaced: boolean; alpha: boolean; gray: boolean }
    | { format: 'JPEG'; orientation: number; /** 1, 1/2, 1/4 or 1/8 (minSize). */ scale: number };
}

export interface DecodeImageOptions {
  /** Convert to this many channels (gray repeats into RGB; RGB gets alpha 255; RGBA drops alpha). */
  channels?: 1 | 3 | 4;
  /** Refuse larger images before decoding them. Default 100e6. */
  maxPixels?: number;
  /**
   * [height, width] the caller needs at least (e.g. the size it resizes to): a JPEG decodes at
   * the smallest of 1/8, 1/4 and 1/2 scale still that large (libjpeg's DCT scaling; in Node).
   * PNG files, and JPEG in browsers, decode at full size. `info.scale` tells the scale used.
   */
  minSize?: readonly [number, number];
}

/** A PNG or JPEG image's upright size from its header, without decoding it. */
export function imageSize(bytes: Uint8Array | ArrayBuffer): { width: number; height: number; format: 'PNG' | 'JPEG' };

/** Pixels to encode: an ImageData, a DecodedImage, or any 8-bit `{ data, width, height }`. */
export interface PixelsLike {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  /** 1, 2 (gray + alpha), 3 or 4. Default: data.length / (width * height). */
  readonly channels?: 1 | 2 | 3 | 4;
}

export interface EncodePngOptions {
  /** Write this many channels: the input's, or one fewer to drop the alpha. */
  channels?: 1 | 2 | 3 | 4;
  /** false: drop the alpha (as channels: 3 for RGBA). */
  alpha?: boolean;
  /** Row filter: 'adaptive' (libpng's heuristic, default), or one filter for every row. */
  filter?: 'adaptive' | 'none' | 'sub' | 'up' | 'paeth';
  /** zlib level 0-9 (Node only; browsers' CompressionStream has no level). Default 6. */
  level?: number;
}

/** Decodes a PNG (any colour type, bit depth, interlacing) or JPEG (baseline, progressive; upright by EXIF). */
export function decodeImage(bytes: Uint8Array | ArrayBuffer, options?: DecodeImageOptions): Promise<DecodedImage>;
/** Encodes 8-bit pixels as a PNG file. */
export function encodePng(image: PixelsLike, options?: EncodePngOptions): Promise<Uint8Array>;
/** Node only: encodePng without the Promise (a Buffer). */
export function encodePngSync(image: PixelsLike, options?: EncodePngOptions): Uint8Array;
/**
 * Node only: encodes a `width` x `height` picture that `draw` fills a band of rows at a time
 * (`band.data`: `channels` samples a pixel for rows `band.top` .. `band.top + band.height - 1`),
 * never holding the whole picture; the same pixels as encodePngSync.
 */
export function encodePngBands(
  options: {
    width: number;
    height: number;
    channels?: 1 | 2 | 3 | 4;
    outChannels?: 1 | 2 | 3 | 4;
    filter?: EncodePngOptions['filter'];
    level?: number;
    bandRows?: number;
  },
  draw: (band: { data: Uint8Array; width: number; height: number; top: number; channels: number }) => void,
): Promise<Uint8Array>;
/** Node only: the PNG decoder alone, synchronous: RGBA, or with `natural` the file's own channels where that is free. */
export function decodePngSync(bytes: Uint8Array, options?: { maxPixels?: number; natural?: boolean }): DecodedImage;
export function isPng(bytes: Uint8Array): boolean;
export function isJpeg(bytes: Uint8Array): boolean;
/** The name of a common format condense does not read ('GIF', 'WebP', ...), or null. */
export function otherFormat(bytes: Uint8Array): string | null;
/** The EXIF orientation (1-8) in an APP1 Exif block, or 1. */
export function exifOrientation(exif: Uint8Array | undefined): number;
/** A file that is not a PNG this decoder reads (also: empty, or another format). */
export class PngError extends Error {}
/** A JPEG file the decoder cannot read. */
export class JpegError extends Error {}
