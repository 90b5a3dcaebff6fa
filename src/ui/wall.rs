//! Showing times the way people read them in the lessons: wall-clock readings,
//! offsets and durations.
//!
//! The lessons' stories start at a true time of 10:00:00.000, so a clock reading of
//! `local_us` microseconds since the start shows as `10:00:00.000 + local_us`.

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

/// A time in seconds with three decimals (milliseconds rounded toward zero), e.g.
/// `0.400 s`, `−1.250 s`.
pub fn seconds(us: i64) -> String {
    let sign = if us < 0 { "−" } else { "" };
    let ms = us.unsigned_abs() / 1_000;
    format!("{sign}{}.{:03} s", ms / 1_000, ms % 1_000)
}

/// A signed duration in seconds, to the nearest millisecond, e.g. `+1.334 s`, `−2.544 s`.
pub fn signed_seconds(us: i64) -> String {
    let rounded_us = us
        .saturating_add(500)
        .div_euclid(1_000)
        .saturating_mul(1_000);
    let sign = if rounded_us < 0 { "" } else { "+" };
    format!("{sign}{}", seconds(rounded_us))
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
        assert_eq!(seconds(-1_250_900), "−1.250 s");
        assert_eq!(signed_seconds(-2_544_400), "−2.544 s");
        assert_eq!(signed_seconds(1_333_600), "+1.334 s");
        assert_eq!(signed_seconds(0), "+0.000 s");
    }
}
