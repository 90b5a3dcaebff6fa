//! Showing times the way people read them: wall-clock readings, offsets and durations.
//!
//! The lesson's story starts at a true time of 10:00:00.000, so a clock reading of
//! `local_us` microseconds since the start shows as `10:00:00.000 + local_us`.

use crate::sim::SimTime;

/// The wall-clock time at simulated time 0: 10:00:00.000, in microseconds since midnight.
pub const START_OF_DAY_US: i64 = 10 * 3_600 * 1_000_000;
const DAY_US: i64 = 24 * 3_600 * 1_000_000;

/// A clock reading as `HH:MM:SS.mmm` (milliseconds rounded down; wraps around midnight).
pub fn clock_reading(local_us: i64) -> String {
    let of_day = START_OF_DAY_US.saturating_add(local_us).rem_euclid(DAY_US);
    let ms = of_day / 1_000;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1_000 % 60,
        ms % 1_000
    )
}

/// A signed duration in milliseconds with three decimals, e.g. `+1123.000 ms`, `−0.250 ms`.
pub fn signed_ms(us: i64) -> String {
    let sign = if us < 0 { "−" } else { "+" };
    let magnitude = us.unsigned_abs();
    format!("{sign}{}.{:03} ms", magnitude / 1_000, magnitude % 1_000)
}

/// An unsigned duration in milliseconds with three decimals, e.g. `12.500 ms`.
pub fn ms(us: u64) -> String {
    format!("{}.{:03} ms", us / 1_000, us % 1_000)
}

/// True simulated time in seconds with three decimals, e.g. `0.400 s`.
pub fn seconds(true_us: SimTime) -> String {
    let ms = true_us / 1_000;
    format!("{}.{:03} s", ms / 1_000, ms % 1_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_from_the_material() {
        assert_eq!(clock_reading(1_123_000), "10:00:01.123");
        assert_eq!(clock_reading(2_456_000), "10:00:02.456");
        assert_eq!(clock_reading(-211_000), "09:59:59.789");
        assert_eq!(clock_reading(14 * 3_600 * 1_000_000), "00:00:00.000");
        assert_eq!(clock_reading(i64::MIN), clock_reading(i64::MIN));
    }

    #[test]
    fn durations() {
        assert_eq!(signed_ms(-250), "−0.250 ms");
        assert_eq!(signed_ms(1_123_000), "+1123.000 ms");
        assert_eq!(ms(12_500), "12.500 ms");
        assert_eq!(seconds(400_000), "0.400 s");
    }
}
