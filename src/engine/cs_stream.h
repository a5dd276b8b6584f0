/* cs_stream.h -- counter-based random streams for agents.
 *
 * No generator state is stored per agent.  A draw for agent `gid` at night
 * `night` for purpose `purpose` comes from a short-lived pcg32 whose state
 * and stream are hashes of (seed, replicate, purpose, night, gid).  So a
 * draw never depends on ranks, threads, slices or on which other processes
 * ran before it; a branched policy arm or a resumed run lands on the same
 * numbers by construction.  State and stream are both hashed (pcg32 streams
 * differing only in their increment are correlated).
 *
 * Fast path: the first output of a pcg32 depends on its state only, so a
 * nightly Bernoulli test costs one hash; the full generator (with its
 * stream) is built only for the rare agents that need more draws. */
#ifndef CS_STREAM_H
#define CS_STREAM_H

#include <stdint.h>

#include "cs_rng.h"

/* Root key of a replicate. */
static inline uint64_t cs_stream_run_key(uint64_t seed, uint64_t replicate) { return cs_mix2(seed, replicate); }

/* Key of one purpose on one night (compute once per night, not per agent). */
static inline uint64_t cs_stream_key(uint64_t run_key, uint32_t purpose, int32_t night)
{
    return cs_mix2(cs_mix2(run_key, purpose), (uint64_t)(uint32_t)night);
}

/* Generator state of agent `gid` under `key`.  The key is already a full
 * hash, so one bijective mix of key ^ (gid times an odd constant) suffices:
 * distinct agents get distinct states under every key.  This is the
 * per-agent cost of the nightly loop, so it is kept to one mix. */
static inline uint64_t cs_stream_state(uint64_t key, uint64_t gid)
{
    return cs_mix64(key ^ (gid * UINT64_C(0x9e3779b97f4a7c15)));
}

/* First 32-bit output of the agent's generator (no stream needed). */
static inline uint32_t cs_stream_first(uint64_t key, uint64_t gid)
{
    return cs_pcg32_output(cs_stream_state(key, gid));
}

/* The agent's full generator.  Its first output equals cs_stream_first(). */
static inline cs_pcg32 cs_stream_rng(uint64_t key, uint64_t gid)
{
    uint64_t state = cs_stream_state(key, gid);
    cs_pcg32 r = {state, (cs_mix64(state ^ UINT64_C(0x6a09e667f3bcc909)) << 1) | 1u};
    return r;
}

/* u < p for a uniform u from a 32-bit output: the Bernoulli test of the
 * fast path.  p outside [0,1] saturates. */
static inline int cs_stream_below(uint32_t u, double p) { return (double)u < p * 4294967296.0; }

#endif
