#ifndef IBKEY_CQRENCODE_SHIM_H
#define IBKEY_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
