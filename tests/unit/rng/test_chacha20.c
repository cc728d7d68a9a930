/* SPDX-License-Identifier: ISC */
/* The ChaCha20 block function against RFC 8439's test vectors. */
#include "../../../lib/rng/rng_priv.h"
#include "check.h"

#include <stdio.h>

static void hex(const char *s, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

struct vector {
    const char *name, *key, *nonce;
    uint32_t counter;
    const char *block;
};

/* RFC 8439 section 2.3.2 and appendix A.1, test vectors #1 to #5. */
static const struct vector vectors[] = {
    {"2.3.2",
     "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
     "000000090000004a00000000", 1,
     "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
     "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e"},
    {"A.1 #1",
     "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", 0,
     "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
     "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"},
    {"A.1 #2",
     "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", 1,
     "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
     "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f"},
    {"A.1 #3",
     "0000000000000000000000000000000000000000000000000000000000000001",
     "000000000000000000000000", 1,
     "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
     "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0"},
    {"A.1 #4",
     "00ff000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", 2,
     "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
     "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096"},
    {"A.1 #5",
     "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000002", 0,
     "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
     "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d"},
};

static void test_vectors(void)
{
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        const struct vector *v = &vectors[i];
        uint8_t key[32], nonce[12], want[64], got[64];
        hex(v->key, key, 32);
        hex(v->nonce, nonce, 12);
        hex(v->block, want, 64);
        mirage__chacha20_block(key, v->counter, nonce, got);
        if (memcmp(got, want, 64) != 0)
            CHECK__FAIL("RFC 8439 vector %s differs", v->name);
    }
}

/* RFC 8439 section 2.4.2: the first 64 bytes of "Ladies and Gentlemen..."
 * encrypted with key 00..1f, nonce 00:00:00:00:00:00:00:4a:00:00:00:00 and
 * initial counter 1. */
static void test_encryption(void)
{
    static const char plain[] = "Ladies and Gentlemen of the class of '99: "
                                "If I could offer you o";
    uint8_t key[32], nonce[12], block[64], want[64], got[64];

    hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", key,
        32);
    hex("000000000000004a00000000", nonce, 12);
    hex("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
        "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8",
        want, 64);
    mirage__chacha20_block(key, 1, nonce, block);
    for (int i = 0; i < 64; i++)
        got[i] = (uint8_t)plain[i] ^ block[i];
    CHECK_MEM_EQ(got, want, 64);
}

int main(void)
{
    RUN(test_vectors);
    RUN(test_encryption);
    CHECK_DONE();
}
