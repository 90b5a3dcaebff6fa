//! Clock settings a student may type: offset and drift, read leniently and clamped to sane limits.
//!
//! The starting clocks come from the course material: at a true time of 10:00:00.000,
//! A reads 10:00:01.123, B reads 10:00:02.456 and C reads 09:59:59.789.

use crate::sim::Intervention;
use crate::sim::NodeId;

/// Largest offset accepted, either way: one hour.
pub const MAX_OFFSET_US: i64 = 3_600 * 1_000_000;
/// Largest drift accepted, either way: 1000 ppm (about 86 seconds a day).
pub const MAX_DRIFT_PPM: i64 = 1_000;

/// One node's clock: how far ahead of true time it is, and how fast it gains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockSetting {
    pub offset_us: i64,
    pub drift_ppm: i64,
}

impl ClockSetting {
    pub const fn new(offset_us: i64, drift_ppm: i64) -> Self {
        Self {
            offset_us,
            drift_ppm,
        }
    }

    /// The intervention that gives `node` this clock from now on.
    pub fn intervention(self, node: NodeId) -> Intervention {
        Intervention::SetClock {
            node,
            offset_us: self.offset_us,
            drift_ppm: self.drift_ppm,
        }
    }
}

/// The three clocks of the material (offsets), with drifts of our own: larger than a
/// typical quartz clock's tens of ppm, so that they show within a minute.
pub const MATERIAL_CLOCKS: [ClockSetting; 3] = [
    ClockSetting::new(1_123_000, 300),
    ClockSetting::new(2_456_000, -200),
    ClockSetting::new(-211_000, 500),
];

/// A value read from a form field, perhaps changed to fit, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clamped<T> {
    pub value: T,
    /// Why the value differs from what was typed (`None` if it was used as typed).
    pub message: Option<String>,
}

/// Reads an offset typed in milliseconds (decimals allowed, e.g. `-211` or `1123.5`).
/// Unreadable text keeps `current_us`; values beyond ±1 hour are clamped.
pub fn read_offset_ms(text: &str, current_us: i64) -> Clamped<i64> {
    let parsed = text.trim().replace('−', "-").parse::<f64>();
    match parsed {
        Ok(ms) if ms.is_finite() => {
            let us = (ms * 1_000.0).round();
            let limit = MAX_OFFSET_US as f64;
            if us.abs() > limit {
                Clamped {
                    value: (us.signum() * limit) as i64,
                    message: Some(format!(
                        "An offset of {text} ms is more than an hour; using {} ms instead.",
                        us.signum() * limit / 1_000.0
                    )),
                }
            } else {
                Clamped {
                    value: us as i64,
                    message: None,
                }
            }
        }
        _ => Clamped {
            value: current_us,
            message: Some(format!(
                "“{}” is not a number of milliseconds; the offset is unchanged.",
                text.chars().take(24).collect::<String>()
            )),
        },
    }
}

/// Reads a drift typed in ppm (whole numbers; decimals are rounded).
/// Unreadable text keeps `current_ppm`; values beyond ±1000 ppm are clamped.
pub fn read_drift_ppm(text: &str, current_ppm: i64) -> Clamped<i64> {
    let parsed = text.trim().replace('−', "-").parse::<f64>();
    match parsed {
        Ok(ppm) if ppm.is_finite() => {
            let ppm = ppm.round();
            if ppm.abs() > MAX_DRIFT_PPM as f64 {
                let value = ppm.signum() as i64 * MAX_DRIFT_PPM;
                Clamped {
                    value,
                    message: Some(format!(
                        "A drift of {text} ppm is beyond ±{MAX_DRIFT_PPM} ppm; using {value} ppm."
                    )),
                }
            } else {
                Clamped {
                    value: ppm as i64,
                    message: None,
                }
            }
        }
        _ => Clamped {
            value: current_ppm,
            message: Some(format!(
                "“{}” is not a number of ppm; the drift is unchanged.",
                text.chars().take(24).collect::<String>()
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_read_and_clamped() {
        assert_eq!(read_offset_ms("1123", 0).value, 1_123_000);
        assert_eq!(read_offset_ms(" −211.5 ", 0).value, -211_500);
        let huge = read_offset_ms("1e30", 7);
        assert_eq!(huge.value, MAX_OFFSET_US);
        assert!(huge.message.is_some());
        assert_eq!(read_offset_ms("-5000000", 0).value, -MAX_OFFSET_US);
        let junk = read_offset_ms("ten", 7);
        assert_eq!(junk.value, 7);
        assert!(junk.message.is_some());
        assert_eq!(read_offset_ms("NaN", 3).value, 3);
        assert_eq!(read_offset_ms("inf", 3).value, 3);
    }

    #[test]
    fn drifts_are_read_and_clamped() {
        assert_eq!(read_drift_ppm("250", 0).value, 250);
        assert_eq!(read_drift_ppm("99999", 0).value, MAX_DRIFT_PPM);
        assert_eq!(read_drift_ppm("-99999", 0).value, -MAX_DRIFT_PPM);
        assert_eq!(read_drift_ppm("", 12).value, 12);
    }
}
