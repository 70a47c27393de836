/* Reference outputs for test/why/random.test.ts: xoshiro128** 1.1 as in Blackman and Vigna's
 * public-domain xoshiro128starstar.c (prng.di.unimi.it), its state filled by four outputs of a
 * 32-bit SplitMix (Weyl step 0x9e3779b9, MurmurHash3 fmix32), with uint32_t arithmetic.
 * Build and run: cc -O2 -o /tmp/x xoshiro128ss.c && /tmp/x */
#include <stdint.h>
#include <stdio.h>

static inline uint32_t rotl(const uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
static uint32_t s[4];

uint32_t next(void) {
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

static uint32_t weyl;
static uint32_t splitmix32(void) {
  uint32_t z = (weyl += 0x9e3779b9u);
  z = (z ^ (z >> 16)) * 0x85ebca6bu;
  z = (z ^ (z >> 13)) * 0xc2b2ae35u;
  return z ^ (z >> 16);
}

int main(void) {
  const uint32_t seeds[] = {0u, 1u, 42u, 4294967295u};
  for (int k = 0; k < 4; k++) {
    weyl = seeds[k];
    for (int i = 0; i < 4; i++) s[i] = splitmix32();
    printf("%u:", seeds[k]);
    for (int i = 0; i < 6; i++) printf(" %u", next());
    /* The 1000th output, after 994 more. */
    uint32_t last = 0;
    for (int i = 0; i < 994; i++) last = next();
    printf(" ... %u\n", last);
  }
  return 0;
}
