//! Units the scenes' labels and read-outs share. A leaf: it imports no scene, so any scene
//! may use it.

use crate::sim::SimTime;

/// Whole milliseconds in `us` microseconds, rounded to nearest.
pub fn round_ms(us: SimTime) -> u64 {
    (us + 500) / 1_000
}
