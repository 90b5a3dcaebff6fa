//! The widget's adjustable values and their limits: network settings in force,
//! seeds, playback speed, and the clamping that keeps absurd input harmless.

use crate::sim::{Intervention, Recorded, SimTime};

/// Largest seed accepted: the largest integer a browser number holds exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// Highest latency the sliders and links accept.
pub const MAX_LATENCY_US: u64 = 1_000_000;
/// Latency slider range in milliseconds.
pub const LATENCY_SLIDER_MAX_MS: f64 = 200.0;
/// Slowest and fastest playback, as factors of the normal speed.
pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 10.0;
/// The usual time scale: at 1× speed, simulated time runs at 1/100 of real time
/// (10 µs of simulated time per real millisecond), so a 10 ms message takes one
/// second to cross. Scenarios that last minutes choose a faster scale.
pub const SIM_US_PER_REAL_MS_AT_1X: f64 = 10.0;
/// One simulated second per real second at 1×: for clocks that drift over minutes.
pub const SIM_SECOND_PER_REAL_SECOND: f64 = 1_000.0;
/// Longest real-time gap between two frames that playback turns into simulated
/// time (a stalled tab resumes where it stopped instead of leaping ahead).
pub const MAX_FRAME_GAP_MS: f64 = 100.0;

/// Most events one frame of playback processes. A lesson scene needs a few hundred at
/// 10×; a storm that needs more plays slower than chosen instead of freezing the page.
pub const MAX_EVENTS_PER_FRAME: u64 = 20_000;
/// Most events one jump on the timeline (or a link's `t=`) replays: twelve times what
/// the busiest lesson scene needs to reach its end (`tests/sim_extreme_interventions.rs`
/// checks that), a few hundred milliseconds in the browser.
pub const MAX_EVENTS_PER_SEEK: u64 = 200_000;

const PPM_MAX: u32 = 1_000_000;

/// The link settings every link shares, as the fault sliders show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkSettings {
    pub loss_ppm: u32,
    pub duplicate_ppm: u32,
    pub latency_min_us: u64,
    pub latency_max_us: u64,
}

impl Default for NetworkSettings {
    /// The simulator's default link: 1 ms constant latency, no faults.
    fn default() -> Self {
        Self {
            loss_ppm: 0,
            duplicate_ppm: 0,
            latency_min_us: 1_000,
            latency_max_us: 1_000,
        }
    }
}

impl NetworkSettings {
    /// Uniform latency in `min_us..=max_us`, no loss or duplication.
    pub fn latency(min_us: u64, max_us: u64) -> Self {
        Self {
            latency_min_us: min_us.min(max_us),
            latency_max_us: max_us.max(min_us),
            ..Self::default()
        }
    }

    /// The same settings with loss probability `ppm`.
    pub fn with_loss_ppm(mut self, ppm: u32) -> Self {
        self.loss_ppm = ppm.min(PPM_MAX);
        self
    }

    /// Folds one intervention into the settings (others leave them unchanged).
    pub fn apply(&mut self, iv: &Intervention) {
        match *iv {
            Intervention::SetLoss { ppm } => self.loss_ppm = ppm.min(PPM_MAX),
            Intervention::SetDuplication { ppm } => self.duplicate_ppm = ppm.min(PPM_MAX),
            Intervention::SetLatency { min_us, max_us } => {
                self.latency_min_us = min_us.min(max_us);
                self.latency_max_us = max_us.max(min_us);
            }
            _ => {}
        }
    }

    /// The settings in force after `applied` interventions on top of a `baseline`.
    pub fn in_force(baseline: NetworkSettings, applied: &[Recorded]) -> NetworkSettings {
        let mut settings = baseline;
        for rec in applied {
            settings.apply(&rec.intervention);
        }
        settings
    }
}

/// The largest clock offset a link may set: a day either way.
pub const MAX_CLOCK_OFFSET_US: i64 = 24 * 3_600 * 1_000_000;
/// The largest clock drift a link may set: a clock running twice as fast, or stopped.
pub const MAX_CLOCK_DRIFT_PPM: i64 = 1_000_000;

/// Makes an intervention safe to apply: probabilities at most 100%, latency at most
/// [`MAX_LATENCY_US`] with `min ≤ max`, clock offsets and drifts within
/// [`MAX_CLOCK_OFFSET_US`] and [`MAX_CLOCK_DRIFT_PPM`]. Everything else passes unchanged.
pub fn sanitize(iv: Intervention) -> Intervention {
    match iv {
        Intervention::SetClock {
            node,
            offset_us,
            drift_ppm,
        } => Intervention::SetClock {
            node,
            offset_us: offset_us.clamp(-MAX_CLOCK_OFFSET_US, MAX_CLOCK_OFFSET_US),
            drift_ppm: drift_ppm.clamp(-MAX_CLOCK_DRIFT_PPM, MAX_CLOCK_DRIFT_PPM),
        },
        Intervention::SetLoss { ppm } => Intervention::SetLoss {
            ppm: ppm.min(PPM_MAX),
        },
        Intervention::SetDuplication { ppm } => Intervention::SetDuplication {
            ppm: ppm.min(PPM_MAX),
        },
        Intervention::SetLatency { min_us, max_us } => {
            let low = min_us.min(max_us).min(MAX_LATENCY_US);
            let high = max_us.max(min_us).min(MAX_LATENCY_US);
            Intervention::SetLatency {
                min_us: low,
                max_us: high,
            }
        }
        other => other,
    }
}

/// A percentage typed or slid by the reader, as parts per million (clamped to 0–100%).
pub fn percent_to_ppm(percent: f64) -> u32 {
    if !percent.is_finite() {
        return 0;
    }
    (percent.clamp(0.0, 100.0) * 10_000.0).round() as u32
}

/// Milliseconds from a slider, as microseconds (clamped to 0–[`MAX_LATENCY_US`]).
pub fn ms_to_us(ms: f64) -> u64 {
    if !ms.is_finite() {
        return 0;
    }
    ((ms * 1_000.0).round().max(0.0) as u64).min(MAX_LATENCY_US)
}

/// Reads a seed typed by the reader.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Type a seed: a whole number.".into());
    }
    match text.parse::<u64>() {
        Ok(seed) if seed <= MAX_SEED => Ok(seed),
        Ok(_) => Err(format!("A seed can be at most {MAX_SEED}.")),
        Err(_) => Err(format!(
            "“{}” is not a seed: use a whole number from 0 to {MAX_SEED}.",
            text.chars().take(24).collect::<String>()
        )),
    }
}

/// A speed factor from the log-scale slider position (`log10` of the factor).
pub fn speed_from_log(position: f64) -> f64 {
    if !position.is_finite() {
        return 1.0;
    }
    10f64.powf(position).clamp(MIN_SPEED, MAX_SPEED)
}

/// Simulated microseconds that `real_ms` of wall time covers at `speed`, on a scenario
/// whose 1× shows `sim_us_per_real_ms_at_1x`.
pub fn sim_us_for_real_ms(real_ms: f64, speed: f64, sim_us_per_real_ms_at_1x: f64) -> f64 {
    real_ms.clamp(0.0, MAX_FRAME_GAP_MS)
        * speed.clamp(MIN_SPEED, MAX_SPEED)
        * sim_us_per_real_ms_at_1x
}

/// A time on the timeline, clamped to `0..=horizon_us`.
pub fn clamp_time(time_us: SimTime, horizon_us: SimTime) -> SimTime {
    time_us.min(horizon_us)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_follow_the_applied_interventions() {
        let rec = |intervention| Recorded {
            at: 0,
            events: 0,
            intervention,
        };
        let applied = [
            rec(Intervention::SetLoss { ppm: 300_000 }),
            rec(Intervention::Crash(1)),
            rec(Intervention::SetLatency {
                min_us: 9_000,
                max_us: 2_000,
            }),
        ];
        let settings = NetworkSettings::in_force(NetworkSettings::latency(5_000, 20_000), &applied);
        assert_eq!(settings.loss_ppm, 300_000);
        assert_eq!(
            (settings.latency_min_us, settings.latency_max_us),
            (2_000, 9_000)
        );
        assert_eq!(settings.duplicate_ppm, 0);
    }

    #[test]
    fn absurd_values_are_clamped() {
        assert_eq!(
            sanitize(Intervention::SetLoss { ppm: u32::MAX }),
            Intervention::SetLoss { ppm: 1_000_000 }
        );
        assert_eq!(
            sanitize(Intervention::SetLatency {
                min_us: u64::MAX,
                max_us: 3
            }),
            Intervention::SetLatency {
                min_us: 3,
                max_us: MAX_LATENCY_US
            }
        );
        assert_eq!(percent_to_ppm(250.0), 1_000_000);
        assert_eq!(percent_to_ppm(-3.0), 0);
        assert_eq!(percent_to_ppm(f64::NAN), 0);
        assert_eq!(ms_to_us(12.5), 12_500);
        assert_eq!(ms_to_us(1e12), MAX_LATENCY_US);
    }

    #[test]
    fn seeds_are_whole_numbers_in_range() {
        assert_eq!(parse_seed(" 42 "), Ok(42));
        assert!(parse_seed("-1").is_err());
        assert!(parse_seed("1.5").is_err());
        assert!(parse_seed("").is_err());
        assert!(parse_seed(&(MAX_SEED + 1).to_string()).is_err());
        assert_eq!(parse_seed(&MAX_SEED.to_string()), Ok(MAX_SEED));
    }

    #[test]
    fn speed_is_logarithmic_and_bounded() {
        assert!((speed_from_log(0.0) - 1.0).abs() < 1e-9);
        assert!((speed_from_log(1.0) - 10.0).abs() < 1e-9);
        assert!((speed_from_log(-5.0) - MIN_SPEED).abs() < 1e-9);
        assert_eq!(speed_from_log(f64::NAN), 1.0);
        let usual = SIM_US_PER_REAL_MS_AT_1X;
        assert!(
            (sim_us_for_real_ms(1_000.0, 1.0, usual) - 1_000.0).abs() < 1e-9,
            "a stall counts as 100 ms"
        );
        assert!((sim_us_for_real_ms(50.0, 1.0, usual) - 500.0).abs() < 1e-9);
        assert!((sim_us_for_real_ms(50.0, 10.0, usual) - 5_000.0).abs() < 1e-9);
        assert!(
            (sim_us_for_real_ms(50.0, 1.0, SIM_SECOND_PER_REAL_SECOND) - 50_000.0).abs() < 1e-9,
            "a minutes-long scenario's scale"
        );
    }
}
