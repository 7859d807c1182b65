#ifndef IBKEY_CTURBOJPEG_SHIM_H
#define IBKEY_CTURBOJPEG_SHIM_H
/* TurboJPEG's declarations only: ibkey does not link libturbojpeg. It loads
 * libturbojpeg.so.0 with dlopen the first time a JPEG image is read (import
 * of a QR code screenshot). TurboJPEG rather than libjpeg's classic API:
 * jpeglib.h's error_exit "does not return to caller" (the default calls
 * exit(), a replacement must longjmp, which Swift cannot catch); TurboJPEG is
 * the same libjpeg-turbo behind functions that return -1 and keep the message
 * for tjGetErrorStr2. These are the types of the functions it looks up with dlsym. */
#include <turbojpeg.h>

typedef tjhandle (*ibkey_tjInitDecompress)(void);
typedef int (*ibkey_tjDecompressHeader3)(tjhandle handle, const unsigned char *jpegBuf, unsigned long jpegSize, int *width, int *height, int *jpegSubsamp, int *jpegColorspace);
typedef int (*ibkey_tjDecompress2)(tjhandle handle, const unsigned char *jpegBuf, unsigned long jpegSize, unsigned char *dstBuf, int width, int pitch, int height, int pixelFormat, int flags);
typedef int (*ibkey_tjDestroy)(tjhandle handle);
typedef char *(*ibkey_tjGetErrorStr2)(tjhandle handle);
typedef int (*ibkey_tjGetErrorCode)(tjhandle handle);
#endif
