#ifndef IBKEY_CPNG_SHIM_H
#define IBKEY_CPNG_SHIM_H
/* libpng's declarations only: ibkey does not link libpng. It loads
 * libpng16.so.16 with dlopen the first time a PNG image is read (import of a
 * QR code screenshot). It uses the simplified API (png_image_*), which
 * reports errors in png_image.message and a return code: libpng's own
 * setjmp/longjmp stays inside libpng, never across ibkey's frames.
 * These are the types of the functions it looks up with dlsym. */
#include <png.h>

typedef int (*ibkey_png_image_begin_read_from_memory)(png_imagep image, png_const_voidp memory, size_t size);
typedef int (*ibkey_png_image_finish_read)(png_imagep image, png_const_colorp background, void *buffer, png_int_32 row_stride, void *colormap);
typedef void (*ibkey_png_image_free)(png_imagep image);
#endif
