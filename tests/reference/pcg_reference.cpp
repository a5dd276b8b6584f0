// pcg_reference.cpp -- writes pcg32 reference sequences from the canonical C++ PCG
// (Debian's libpcg-cpp, /usr/include/pcg_random.hpp) for tests/rng/test_rng.c.
//
// The build runs it to produce pcg_reference.txt, so crampsim's C pcg32 is
// checked against the library itself rather than against numbers copied
// from somewhere.  Usage: pcg_reference OUTPUT_FILE.  One record per line,
// all numbers in hex (0x...), '#' lines are comments:
//   seq     SEED STREAM COUNT v1 .. vCOUNT          pcg32 rng(SEED, STREAM); rng() x COUNT
//   discard SEED STREAM DELTA COUNT v1 .. vCOUNT    then rng.discard(DELTA) first
//   bounded SEED STREAM BOUND COUNT v1 .. vCOUNT    rng(BOUND) x COUNT
//   end     RECORDS                                 number of records above (truncation check)
#include <pcg_random.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>

namespace {

struct SeedPair {
    uint64_t seed, stream;
};

// (42, 54) is the pair of the PCG demo programs; the others reach the
// extremes (0, all ones, the top stream bit that seeding drops) and
// arbitrary bit patterns.
const SeedPair kPairs[] = {
    {42u, 54u},
    {0u, 0u},
    {UINT64_C(0xFFFFFFFFFFFFFFFF), UINT64_C(0xFFFFFFFFFFFFFFFF)},
    {UINT64_C(0x853c49e6748fea9b), UINT64_C(0xda3e39cb94b95bdb)},
    {12345u, UINT64_C(0x8000000000000000)},
    {UINT64_C(0x0123456789ABCDEF), 1u},
};

const uint64_t kDeltas[] = {0u, 1u, 2u, 3u, 1000u, 1000000u, UINT64_C(0x123456789ABCDEF0),
                            UINT64_C(0x8000000000000000), UINT64_C(0xFFFFFFFFFFFFFFFF)};

// 1 (always 0), small bounds, primes, and bounds just above 2^31 where
// almost half the outputs are rejected.
const uint32_t kBounds[] = {1u, 2u, 3u, 6u, 7u, 100u, 1000003u, 0x7FFFFFFFu,
                            0x80000000u, 0x80000001u, 0xC0000000u, 0xFFFFFFFEu, 0xFFFFFFFFu};

const int kSeqCount = 64;
const int kDiscardCount = 8;
const int kBoundedCount = 32;

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_FILE\n", argv[0]);
        return 2;
    }
    std::FILE *out = std::fopen(argv[1], "w");
    if (!out) {
        std::perror(argv[1]);
        return 1;
    }
    long records = 0;
    std::fprintf(out, "# pcg32 reference from libpcg-cpp; see pcg_reference.cpp\n");
    for (const SeedPair &sp : kPairs) {
        pcg32 rng(sp.seed, sp.stream);
        std::fprintf(out, "seq 0x%" PRIx64 " 0x%" PRIx64 " 0x%x", sp.seed, sp.stream, kSeqCount);
        for (int i = 0; i < kSeqCount; i++) std::fprintf(out, " 0x%08" PRIx32, uint32_t(rng()));
        std::fprintf(out, "\n");
        records++;

        for (uint64_t delta : kDeltas) {
            pcg32 jumped(sp.seed, sp.stream);
            jumped.discard(delta);
            std::fprintf(out, "discard 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 " 0x%x", sp.seed,
                         sp.stream, delta, kDiscardCount);
            for (int i = 0; i < kDiscardCount; i++)
                std::fprintf(out, " 0x%08" PRIx32, uint32_t(jumped()));
            std::fprintf(out, "\n");
            records++;
        }

        for (uint32_t bound : kBounds) {
            pcg32 brng(sp.seed, sp.stream);
            std::fprintf(out, "bounded 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx32 " 0x%x", sp.seed,
                         sp.stream, bound, kBoundedCount);
            for (int i = 0; i < kBoundedCount; i++)
                std::fprintf(out, " 0x%08" PRIx32, uint32_t(brng(bound)));
            std::fprintf(out, "\n");
            records++;
        }
    }
    std::fprintf(out, "end 0x%lx\n", records);
    if (std::fclose(out) != 0) {
        std::perror(argv[1]);
        return 1;
    }
    return 0;
}
