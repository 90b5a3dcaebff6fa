//! Numbers in words for the widget: simulated times, percentages and speeds.

use crate::sim::SimTime;

/// A simulated time in milliseconds with one decimal, e.g. `12.4 ms`.
pub fn format_ms(time_us: SimTime) -> String {
    let tenths = (time_us + 50) / 100;
    format!("{}.{} ms", tenths / 10, tenths % 10)
}

/// A time on a timeline `horizon_us` long: milliseconds (`12.4 ms`) on short runs,
/// seconds with one decimal (`45.2 s`) on runs of ten seconds or more.
pub fn format_on_timeline(time_us: SimTime, horizon_us: SimTime) -> String {
    match horizon_us >= 10_000_000 {
        true => {
            let tenths = (time_us + 50_000) / 100_000;
            format!("{}.{} s", tenths / 10, tenths % 10)
        }
        false => format_ms(time_us),
    }
}

/// A span of simulated time in its natural unit, without trailing zeros: `10 ms`, `1 s`.
pub fn format_span(time_us: SimTime) -> String {
    match time_us >= 1_000_000 {
        true => format!("{} s", time_us as f64 / 1e6),
        false => format!("{} ms", time_us as f64 / 1e3),
    }
}

/// A probability in parts per million as a percentage: `30%`, `2.5%`.
pub fn format_ppm_percent(ppm: u32) -> String {
    let tenths = (u64::from(ppm) + 500) / 1_000;
    match tenths % 10 {
        0 => format!("{}%", tenths / 10),
        rest => format!("{}.{rest}%", tenths / 10),
    }
}

/// A playback speed factor, e.g. `1.0×`, `0.3×`, `10.0×`.
pub fn format_speed(factor: f64) -> String {
    format!("{factor:.1}×")
}

/// A counter name as a label: `gave_up` → `Gave up`.
pub fn humanize(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `count` followed by a singular or plural noun: `1 message`, `3 messages`.
pub fn plural(count: usize, singular: &str, plural: &str) -> String {
    match count {
        1 => format!("1 {singular}"),
        n => format!("{n} {plural}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_timelines_count_in_seconds() {
        assert_eq!(format_on_timeline(12_400, 90_000), "12.4 ms");
        assert_eq!(format_on_timeline(45_240_000, 120_000_000), "45.2 s");
        assert_eq!(format_on_timeline(120_000_000, 120_000_000), "120.0 s");
    }

    #[test]
    fn spans_use_their_natural_unit() {
        assert_eq!(format_span(10_000), "10 ms");
        assert_eq!(format_span(1_000_000), "1 s");
        assert_eq!(format_span(2_500_000), "2.5 s");
        assert_eq!(format_span(500), "0.5 ms");
    }

    #[test]
    fn milliseconds_round_to_one_decimal() {
        assert_eq!(format_ms(0), "0.0 ms");
        assert_eq!(format_ms(12_449), "12.4 ms");
        assert_eq!(format_ms(12_450), "12.5 ms");
        assert_eq!(format_ms(150_000), "150.0 ms");
    }

    #[test]
    fn percentages_drop_a_zero_decimal() {
        assert_eq!(format_ppm_percent(300_000), "30%");
        assert_eq!(format_ppm_percent(25_000), "2.5%");
        assert_eq!(format_ppm_percent(0), "0%");
        assert_eq!(format_ppm_percent(1_000_000), "100%");
    }

    #[test]
    fn speeds_and_names_read_well() {
        assert_eq!(format_speed(1.0), "1.0×");
        assert_eq!(format_speed(0.1), "0.1×");
        assert_eq!(humanize("gave_up"), "Gave up");
        assert_eq!(humanize("retries"), "Retries");
        assert_eq!(plural(1, "message", "messages"), "1 message");
        assert_eq!(plural(2, "message", "messages"), "2 messages");
    }
}
