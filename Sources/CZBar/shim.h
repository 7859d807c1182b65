#ifndef IBKEY_CZBAR_SHIM_H
#define IBKEY_CZBAR_SHIM_H
/* zbar's declarations only: ibkey does not link libzbar. It loads
 * libzbar.so.0 with dlopen the first time an image is read (import of a
 * QR code screenshot); Debian's libzbar0 pulls in D-Bus, X11 and video4linux,
 * which no other command should load. These are the types of the functions
 * it looks up with dlsym. */
#include <zbar.h>

typedef zbar_image_scanner_t *(*ibkey_zbar_image_scanner_create)(void);
typedef void (*ibkey_zbar_image_scanner_destroy)(zbar_image_scanner_t *scanner);
typedef int (*ibkey_zbar_image_scanner_set_config)(zbar_image_scanner_t *scanner, zbar_symbol_type_t symbology, zbar_config_t config, int value);
typedef zbar_image_t *(*ibkey_zbar_image_create)(void);
typedef void (*ibkey_zbar_image_destroy)(zbar_image_t *image);
typedef void (*ibkey_zbar_image_set_format)(zbar_image_t *image, unsigned long format);
typedef void (*ibkey_zbar_image_set_size)(zbar_image_t *image, unsigned width, unsigned height);
typedef void (*ibkey_zbar_image_set_data)(zbar_image_t *image, const void *data, unsigned long length, zbar_image_cleanup_handler_t *cleanup);
typedef int (*ibkey_zbar_scan_image)(zbar_image_scanner_t *scanner, zbar_image_t *image);
typedef const zbar_symbol_t *(*ibkey_zbar_image_first_symbol)(const zbar_image_t *image);
typedef const zbar_symbol_t *(*ibkey_zbar_symbol_next)(const zbar_symbol_t *symbol);
typedef zbar_symbol_type_t (*ibkey_zbar_symbol_get_type)(const zbar_symbol_t *symbol);
typedef const char *(*ibkey_zbar_symbol_get_data)(const zbar_symbol_t *symbol);
typedef unsigned int (*ibkey_zbar_symbol_get_data_length)(const zbar_symbol_t *symbol);
#endif
