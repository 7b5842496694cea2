// The JPEG decoder of condense/image in Node: libjpeg-turbo's decompressor (built from Debian's
// source package by cmake/jpeg.cmake, without its SIMD code) behind three C functions that
// image/jpeg.mjs calls. No Emscripten JS glue: the module imports nothing but a few WASI
// functions that image/jpeg.mjs stubs, so it loads the same from any folder or bundle.
//
// Errors: libjpeg reports a fatal error by calling error_exit, which must not return. Here it
// formats the message into `message` and traps; image/jpeg.mjs catches the trap, reads the
// message and drops the instance (its heap may hold the failed decode's allocations), so the
// next decode starts on a fresh instance. Warnings that mean damaged image data (a truncated
// file, a bad Huffman or arithmetic code, a segment that ends early) are fatal too: browsers and
// djpeg draw such files with gray or smeared blocks, but a decoder whose pixels feed a
// computation must not hand over made-up pixels silently. Other warnings (extra bytes between
// markers, an unknown JFIF revision) are harmless and ignored.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "jpeglib.h"
// After jpeglib.h: its message list depends on jconfig.h's settings.
#include "jerror.h"

#define EXPORT(name) __attribute__((export_name(name)))

static char message[JMSG_LENGTH_MAX];

// The decoded image: width, height, channels (1 gray, 3 RGB), the pixels' address, then the
// scale's denominator (1, 2, 4 or 8).
static int32_t result[5];

static void on_error(j_common_ptr cinfo) {
  (*cinfo->err->format_message)(cinfo, message);
  __builtin_trap();
}

static void on_message(j_common_ptr cinfo, int level) {
  if (level >= 0) return;  // trace messages
  switch (cinfo->err->msg_code) {
    case JWRN_ARITH_BAD_CODE:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_JPEG_EOF:
    case JWRN_MUST_RESYNC:
      on_error(cinfo);
      break;
    default:
      break;
  }
}

EXPORT("alloc") uint8_t* jpeg_wasm_alloc(size_t size) { return (uint8_t*)malloc(size); }

EXPORT("release") void jpeg_wasm_release(void* pointer) { free(pointer); }

EXPORT("message") const char* jpeg_wasm_message(void) { return message; }

// One CMYK row (as stored; Adobe files store it inverted) to RGB, in place. Without an Adobe
// marker 0 means no ink; with one 255 does (Photoshop's convention, as browsers read it).
static void cmyk_to_rgb(uint8_t* row, JDIMENSION width, int inverted) {
  for (JDIMENSION x = 0; x < width; x++) {
    const uint8_t* in = row + 4 * x;
    const unsigned c = inverted ? in[0] : 255u - in[0];
    const unsigned m = inverted ? in[1] : 255u - in[1];
    const unsigned y = inverted ? in[2] : 255u - in[2];
    const unsigned k = inverted ? in[3] : 255u - in[3];
    uint8_t* out = row + 3 * x;
    out[0] = (uint8_t)((c * k + 127u) / 255u);
    out[1] = (uint8_t)((m * k + 127u) / 255u);
    out[2] = (uint8_t)((y * k + 127u) / 255u);
  }
}

// The largest denominator d in {8, 4, 2} such that the image decoded at 1/d (libjpeg's DCT
// scaling: ceil(side / d) pixels a side) is still at least min_width x min_height; 1 when none
// is, or when no minimum is asked (0 x 0).
static unsigned scale_denominator(JDIMENSION width, JDIMENSION height, uint32_t min_width,
                                  uint32_t min_height) {
  if (min_width == 0 && min_height == 0) return 1;
  for (unsigned d = 8; d >= 2; d /= 2) {
    if ((width + d - 1) / d >= min_width && (height + d - 1) / d >= min_height) return d;
  }
  return 1;
}

// Decodes `length` bytes at `bytes`, at the smallest scale (1/8, 1/4, 1/2 or 1) that keeps the
// stored image at least min_width x min_height (0 x 0: full size); returns `result` (the pixels
// are the caller's to release), or NULL with `message` set when the image has more than
// `max_pixels` pixels.
EXPORT("decode")
int32_t* jpeg_wasm_decode(const uint8_t* bytes, uint32_t length, double max_pixels,
                          uint32_t min_width, uint32_t min_height) {
  struct jpeg_decompress_struct cinfo;
  struct jpeg_error_mgr errors;
  cinfo.err = jpeg_std_error(&errors);
  errors.error_exit = on_error;
  errors.emit_message = on_message;
  jpeg_create_decompress(&cinfo);
  cinfo.mem->max_memory_to_use = 1024L * 1024L * 1024L;
  jpeg_mem_src(&cinfo, bytes, length);
  jpeg_read_header(&cinfo, TRUE);
  if ((double)cinfo.image_width * (double)cinfo.image_height > max_pixels) {
    snprintf(message, sizeof message, "the image is %ux%u, more than the %.0f pixels allowed",
             (unsigned)cinfo.image_width, (unsigned)cinfo.image_height, max_pixels);
    jpeg_destroy_decompress(&cinfo);
    return NULL;
  }
  const int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  const int gray = cinfo.jpeg_color_space == JCS_GRAYSCALE;
  cinfo.out_color_space = cmyk ? JCS_CMYK : gray ? JCS_GRAYSCALE : JCS_RGB;
  const unsigned denominator =
      scale_denominator(cinfo.image_width, cinfo.image_height, min_width, min_height);
  cinfo.scale_num = 1;
  cinfo.scale_denom = denominator;
  jpeg_start_decompress(&cinfo);
  const JDIMENSION width = cinfo.output_width;
  const int channels = gray ? 1 : 3;
  const size_t stride = (size_t)width * (size_t)channels;
  // A CMYK row is decoded 4 bytes per pixel and narrowed in place, so rows get 4 bytes a pixel
  // until the last one has been converted; then the buffer is packed to 3.
  const size_t row_bytes = cmyk ? (size_t)width * 4 : stride;
  uint8_t* pixels = (uint8_t*)malloc(row_bytes * cinfo.output_height);
  if (pixels == NULL) {
    snprintf(message, sizeof message, "out of memory for a %ux%u image", (unsigned)width,
             (unsigned)cinfo.output_height);
    jpeg_destroy_decompress(&cinfo);
    return NULL;
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW rows[16];
    const JDIMENSION first = cinfo.output_scanline;
    for (int i = 0; i < 16; i++) {
      const JDIMENSION y = first + (JDIMENSION)i < cinfo.output_height ? first + (JDIMENSION)i
                                                                       : cinfo.output_height - 1;
      rows[i] = pixels + row_bytes * y;
    }
    const JDIMENSION read = jpeg_read_scanlines(&cinfo, rows, 16);
    if (cmyk) {
      for (JDIMENSION i = 0; i < read; i++) cmyk_to_rgb(rows[i], width, cinfo.saw_Adobe_marker);
    }
  }
  if (cmyk) {
    for (JDIMENSION y = 0; y < cinfo.output_height; y++) {
      const uint8_t* from = pixels + row_bytes * y;
      uint8_t* to = pixels + stride * y;
      for (size_t i = 0; i < stride; i++) to[i] = from[i];
    }
  }
  result[0] = (int32_t)width;
  result[1] = (int32_t)cinfo.output_height;
  result[2] = channels;
  result[3] = (int32_t)(uintptr_t)pixels;
  result[4] = (int32_t)denominator;
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return result;
}
