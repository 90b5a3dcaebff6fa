//! Seeded, portable random streams: one master seed, an independent child stream per node and per link.
//!
//! Every child stream is a ChaCha8 generator keyed by the master seed and set to
//! its own stream number, so the numbers a node or link draws depend only on
//! `(master seed, stream id)`: adding a node never reshuffles the others.
//! All sampling here is integer-only, so native and wasm builds draw identical values.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use super::NodeId;

/// The random generator handed to protocols and used by links.
pub type SimRng = ChaCha8Rng;

/// Parts per million: `1_000_000` ppm is certainty.
pub const PPM_SCALE: u32 = 1_000_000;

/// Stream id of a node's own generator (what `Ctx::rng` returns).
pub fn node_stream_id(node: NodeId) -> u64 {
    (1u64 << 62) | (node as u64 & 0x3fff_ffff)
}

/// Stream id of the generator that decides latency, loss and duplication on the link `from → to`.
pub fn link_stream_id(from: NodeId, to: NodeId) -> u64 {
    (2u64 << 62) | ((from as u64 & 0x7fff_ffff) << 31) | (to as u64 & 0x7fff_ffff)
}

/// The child generator for `stream_id` under `master_seed`.
pub fn child_stream(master_seed: u64, stream_id: u64) -> SimRng {
    let mut rng = ChaCha8Rng::seed_from_u64(master_seed);
    rng.set_stream(stream_id);
    rng
}

/// Uniform integer in `0..bound` (0 when `bound` is 0 or 1), without modulo bias (Lemire's method).
pub fn below(rng: &mut impl RngCore, bound: u64) -> u64 {
    if bound <= 1 {
        return 0;
    }
    loop {
        let x = rng.next_u64();
        let wide = (x as u128) * (bound as u128);
        let low = wide as u64;
        if low < bound {
            let threshold = bound.wrapping_neg() % bound;
            if low < threshold {
                continue;
            }
        }
        return (wide >> 64) as u64;
    }
}

/// Uniform integer in `lo..=hi` (returns `lo` when `hi <= lo`).
pub fn in_range_inclusive(rng: &mut impl RngCore, lo: u64, hi: u64) -> u64 {
    if hi <= lo {
        lo
    } else if hi - lo == u64::MAX {
        rng.next_u64()
    } else {
        lo + below(rng, hi - lo + 1)
    }
}

/// True with probability `ppm / 1_000_000`. Draws nothing when the answer is certain (0 or ≥ 1e6).
pub fn chance_ppm(rng: &mut impl RngCore, ppm: u32) -> bool {
    if ppm == 0 {
        false
    } else if ppm >= PPM_SCALE {
        true
    } else {
        below(rng, PPM_SCALE as u64) < ppm as u64
    }
}
