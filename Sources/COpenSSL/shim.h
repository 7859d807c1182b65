#ifndef IBKEY_COPENSSL_SHIM_H
#define IBKEY_COPENSSL_SHIM_H
/* The only C that ibkey carries: three thin helpers over OpenSSL 3's provider
 * API, so that Swift never has to build OSSL_PARAM arrays itself. */
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/kdf.h>
#include <openssl/crypto.h>

/* First use of libcrypto: initialise without reading the system openssl.cnf
 * (ibkey uses only the built-in default provider, so a config file could only
 * cost start-up time or change algorithms behind its back), and without an
 * atexit cleanup of library state (ibkey frees and wipes its own contexts).
 * Called before every fetch; after the first call it is one atomic load. */
static inline void ibkey_openssl_init(void) {
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ATEXIT, NULL);
}

/* A keyed HMAC context. The digest is fetched once and the key schedule kept,
 * so each later MAC is init(NULL key) + update + final: no re-fetch per call. */
static inline EVP_MAC_CTX *ibkey_hmac_new(const char *digest, const unsigned char *key, size_t keylen) {
    ibkey_openssl_init();
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) return NULL;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); /* the context keeps its own reference */
    if (ctx == NULL) return NULL;
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    if (EVP_MAC_init(ctx, key, keylen, params) != 1) { EVP_MAC_CTX_free(ctx); return NULL; }
    return ctx;
}

/* One MAC with the key already in ctx. Returns 1 on success. */
static inline int ibkey_hmac_compute(EVP_MAC_CTX *ctx, const unsigned char *msg, size_t msglen,
                                     unsigned char *out, size_t outsize, size_t *outlen) {
    if (EVP_MAC_init(ctx, NULL, 0, NULL) != 1) return 0;
    if (EVP_MAC_update(ctx, msg, msglen) != 1) return 0;
    return EVP_MAC_final(ctx, out, outlen, outsize);
}

/* Message digest by name ("SHA1", "SHA256", "SHA512"). Returns 1 on success. */
static inline int ibkey_digest(const char *name, const unsigned char *msg, size_t msglen,
                               unsigned char *out, unsigned int *outlen) {
    ibkey_openssl_init();
    EVP_MD *md = EVP_MD_fetch(NULL, name, NULL);
    if (md == NULL) return 0;
    int ok = EVP_Digest(msg, msglen, out, outlen, md, NULL);
    EVP_MD_free(md);
    return ok;
}

/* HKDF-SHA256 (RFC 5869), extract and expand. Returns 1 on success. */
static inline int ibkey_hkdf_sha256(const unsigned char *key, size_t keylen,
                                    const unsigned char *salt, size_t saltlen,
                                    const unsigned char *info, size_t infolen,
                                    unsigned char *out, size_t outlen) {
    ibkey_openssl_init();
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    if (kdf == NULL) return 0;
    EVP_KDF_CTX *kctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (kctx == NULL) return 0;
    OSSL_PARAM params[5];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)key, keylen);
    params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, saltlen);
    params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info, infolen);
    params[4] = OSSL_PARAM_construct_end();
    int ok = EVP_KDF_derive(kctx, out, outlen, params);
    EVP_KDF_CTX_free(kctx);
    return ok;
}
#endif
