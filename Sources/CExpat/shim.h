#ifndef IBKEY_CEXPAT_SHIM_H
#define IBKEY_CEXPAT_SHIM_H
/* libexpat's declarations only: ibkey does not link libexpat. It loads
 * libexpat.so.1 with dlopen the first time a PSKC file is read (import),
 * so that no other command pays for loading it at start-up.
 * These are the types of the functions it looks up with dlsym. */
#include <expat.h>

typedef XML_Parser (*ibkey_XML_ParserCreate_MM)(const XML_Char *encoding, const XML_Memory_Handling_Suite *memsuite, const XML_Char *namespaceSeparator);
typedef void (*ibkey_XML_ParserFree)(XML_Parser parser);
typedef void (*ibkey_XML_SetUserData)(XML_Parser parser, void *userData);
typedef void (*ibkey_XML_SetElementHandler)(XML_Parser parser, XML_StartElementHandler start, XML_EndElementHandler end);
typedef void (*ibkey_XML_SetCharacterDataHandler)(XML_Parser parser, XML_CharacterDataHandler handler);
typedef void (*ibkey_XML_SetStartDoctypeDeclHandler)(XML_Parser parser, XML_StartDoctypeDeclHandler handler);
typedef void (*ibkey_XML_SetEntityDeclHandler)(XML_Parser parser, XML_EntityDeclHandler handler);
typedef void (*ibkey_XML_SetExternalEntityRefHandler)(XML_Parser parser, XML_ExternalEntityRefHandler handler);
typedef int (*ibkey_XML_SetParamEntityParsing)(XML_Parser parser, enum XML_ParamEntityParsing parsing);
typedef enum XML_Status (*ibkey_XML_StopParser)(XML_Parser parser, XML_Bool resumable);
typedef enum XML_Status (*ibkey_XML_Parse)(XML_Parser parser, const char *s, int len, int isFinal);
typedef enum XML_Error (*ibkey_XML_GetErrorCode)(XML_Parser parser);
typedef const XML_LChar *(*ibkey_XML_ErrorString)(enum XML_Error code);
typedef XML_Size (*ibkey_XML_GetCurrentLineNumber)(XML_Parser parser);
#endif
