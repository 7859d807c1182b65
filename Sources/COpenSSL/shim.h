#ifndef IBKEY_COPENSSL_SHIM_H
#define IBKEY_COPENSSL_SHIM_H
/* Thin helpers over OpenSSL 3's provider API (HMAC, digests, HKDF, AES-CBC,
 * PBKDF2), so that Swift never has to build OSSL_PARAM arrays itself. */
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
/* AES-CBC (key of 16, 24 or 32 bytes) without padding: the caller pads and
 * unpads (PSKC values, RFC 6030 §6). in_len must be a multiple of 16.
 * Returns 1 on success. */
static inline int ibkey_aes_cbc(int encrypt, const unsigned char *key, size_t key_len, const unsigned char *iv,
                                const unsigned char *in, size_t in_len, unsigned char *out) {
    ibkey_openssl_init();
    const char *name = key_len == 16 ? "AES-128-CBC" : key_len == 24 ? "AES-192-CBC" : key_len == 32 ? "AES-256-CBC" : NULL;
    if (name == NULL || in_len % 16 != 0 || in_len > 0x7fffffff) return 0;
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, name, NULL);
    if (cipher == NULL) return 0;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int ok = ctx != NULL && EVP_CipherInit_ex2(ctx, cipher, key, iv, encrypt, NULL) == 1
             && EVP_CIPHER_CTX_set_padding(ctx, 0) == 1;
    int n = 0, m = 0;
    if (ok) ok = EVP_CipherUpdate(ctx, out, &n, in, (int)in_len) == 1 && EVP_CipherFinal_ex(ctx, out + n, &m) == 1
                 && (size_t)(n + m) == in_len;
    EVP_CIPHER_CTX_free(ctx); /* cleanses the key schedule */
    EVP_CIPHER_free(cipher);
    return ok;
}

/* PBKDF2 (PKCS #5 v2.0) with HMAC over digest `md_name` ("SHA1", "SHA256", ...).
 * Returns 1 on success. */
static inline int ibkey_pbkdf2(const char *md_name, const unsigned char *password, size_t password_len,
                               const unsigned char *salt, size_t salt_len, unsigned int iterations,
                               unsigned char *out, size_t out_len) {
    ibkey_openssl_init();
    EVP_MD *md = EVP_MD_fetch(NULL, md_name, NULL);
    if (md == NULL || password_len > 0x7fffffff || salt_len > 0x7fffffff || out_len > 0x7fffffff) { EVP_MD_free(md); return 0; }
    int ok = PKCS5_PBKDF2_HMAC((const char *)password, (int)password_len, salt, (int)salt_len,
                               (int)iterations, md, (int)out_len, out);
    EVP_MD_free(md);
    return ok;
}

#endif
