// Type-level and runtime use of condense/image (image/index.d.ts) with fromImageData and the
// grid of toImageData, checked by tests/package/types.test.mjs against the installed tarball.
import { loadCondense } from 'condense';
import {
  decodeImage,
  decodePngSync,
  encodePng,
  encodePngSync,
  exifOrientation,
  imageSize,
  isJpeg,
  isPng,
  JpegError,
  otherFormat,
  PngError,
} from 'condense/image';
import type { DecodedImage, DecodeImageOptions, EncodePngOptions, PixelsLike } from 'condense/image';

const cd = await loadCondense();
const pixels: PixelsLike = { data: new Uint8Array([0, 64, 128, 255, 10, 20]), width: 2, height: 1, channels: 3 };
const options: EncodePngOptions = { filter: 'paeth', level: 9 };
const png: Uint8Array = await encodePng(pixels, options);
const sync: Uint8Array = encodePngSync(pixels, { channels: 3, alpha: false });
const decodeOptions: DecodeImageOptions = { channels: 4, maxPixels: 1e6, minSize: [1, 2] as const };
const header: { width: number; height: number; format: 'PNG' | 'JPEG' } = imageSize(png);
const image: DecodedImage = await decodeImage(png, decodeOptions);
const own: DecodedImage = decodePngSync(sync);
const x = cd.fromImageData(await decodeImage(png), { channels: 1 });
const grid = cd.toImageData({ shape: [2, 1, 3], data: new Float32Array(6) }, { grid: { columns: 3, gap: 0 } });
const errors = [new PngError('x'), new JpegError('y')].every((e) => e instanceof Error);
const checks = [
  isPng(png),
  !isJpeg(png),
  otherFormat(png) === null,
  exifOrientation(undefined) === 1,
  image.channels === 4 && own.channels === 4,
  image.info.format === 'PNG',
  header.width === 2 && header.height === 1 && header.format === 'PNG',
  x.shape.join() === '1,1,2,1',
  grid.grid?.columns === 3 && grid.width === 3,
  errors,
];
if (!checks.every(Boolean)) throw new Error(`condense/image checks: ${checks.join(', ')}`);
console.log(JSON.stringify({ ok: true, channels: image.channels }));
