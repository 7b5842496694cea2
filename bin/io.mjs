// The command line's files: reading an image (a path, or - for standard input), writing the
// PNG (the raw maps' .npy files are written a band at a time by stream.mjs).
import { open, readFile, writeFile } from 'node:fs/promises';
import { decodeImage, imageSize, JpegError, PngError } from '../image/node.mjs';

/** An error the user can fix; printed without a stack trace. code: 1 file, 2 usage. */
export class UserError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}
export const usage = (message) => new UserError(message, 2);
export const fileError = (message) => new UserError(message, 1);

const WHY = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a folder in the path is a file',
};

async function readStdin() {
  const parts = [];
  for await (const part of process.stdin) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * Decodes the image at `path` ('-': standard input) to `{ data, width, height, channels, info,
 * file }`, where `file` is `{ width, height }` at full size. `minSizeFor(width, height)` (the
 * full size) may return the [h, w] the caller needs at least: a large JPEG then decodes at a
 * reduced DCT scale (decodeImage's minSize).
 */
export async function readImage(path, minSizeFor = () => undefined) {
  const name = path === '-' ? 'standard input' : path;
  let bytes;
  try {
    bytes = path === '-' ? await readStdin() : await readFile(path);
  } catch (error) {
    throw fileError(`cannot read ${name}: ${WHY[error.code] || error.message}`);
  }
  if (bytes.length === 0)
    throw fileError(`cannot read ${name}: ${path === '-' ? 'nothing came in' : 'the file is empty'}`);
  try {
    let file = null;
    try {
      file = imageSize(bytes);
    } catch {
      // No readable header: the full decode below reports what is wrong.
    }
    const minSize = file && minSizeFor(file.width, file.height);
    const image = await decodeImage(bytes, minSize ? { minSize } : {});
    return { ...image, file: file ?? { width: image.width, height: image.height } };
  } catch (error) {
    if (error instanceof PngError || error instanceof JpegError) {
      const verb = /^(corrupt|truncated|too large)/.test(error.message) ? 'decode' : 'read';
      throw fileError(`cannot ${verb} ${name}: ${error.message}`);
    }
    throw error;
  }
}

/** Writes `bytes` to `path` ('-': standard output). */
export async function writeBytes(path, bytes) {
  if (path === '-') {
    await new Promise((resolve, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolve())));
    return;
  }
  try {
    await writeFile(path, bytes);
  } catch (error) {
    throw fileError(`cannot write ${path}: ${{ ...WHY, ENOENT: 'no such directory' }[error.code] || error.message}`);
  }
}

/**
 * Opens `path` ('-': standard output) for writing in pieces: `{ write(bytes), close() }`, both
 * Promises; errors name the file as writeBytes's do.
 */
export async function openOutput(path) {
  if (path === '-') return { write: (bytes) => writeBytes('-', bytes), close: async () => {} };
  const fail = (error) => {
    throw fileError(`cannot write ${path}: ${{ ...WHY, ENOENT: 'no such directory' }[error.code] || error.message}`);
  };
  const file = await open(path, 'w').catch(fail);
  return {
    write: (bytes) => file.write(bytes).catch(fail),
    close: () => file.close().catch(fail),
  };
}
