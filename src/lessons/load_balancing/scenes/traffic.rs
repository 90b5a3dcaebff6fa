//! What clients send: a seeded arrival process (Poisson, optionally bursty or stepped) and
//! request costs (constant, exponential or bounded Pareto). A leaf: it imports no scene.
//!
//! Every draw uses only `+ - * /` on `f64` (no `ln`/`exp` from the platform's maths
//! library), so native and wasm builds draw bit-identical values.

use rand_core::RngCore;

use crate::sim::{SimTime, SECOND};

/// The shape of a client's request rate over time. The rate at `t` is
/// `rate_per_s × burst(t) × step(t)`; arrivals form a Poisson process with that rate,
/// drawn by thinning (candidates at the peak rate, each kept with probability
/// `rate(t) / peak`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrivals {
    /// Requests per second outside bursts and before the step.
    pub rate_per_s: u32,
    /// On/off modulation, if any.
    pub burst: Option<Burst>,
    /// A lasting change of rate at one instant, if any (traffic doubling).
    pub step: Option<Step>,
}

/// On/off bursts: every `period_us`, the first `on_us` run at `on_factor_pct` % of the rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Burst {
    pub period_us: SimTime,
    pub on_us: SimTime,
    /// 300 = three times the base rate while on.
    pub on_factor_pct: u32,
}

/// From `at_us` on, the rate is `factor_pct` % of what it was (200 = doubles).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub at_us: SimTime,
    pub factor_pct: u32,
}

impl Arrivals {
    /// A plain Poisson stream of `rate_per_s` requests per second.
    pub const fn poisson(rate_per_s: u32) -> Self {
        Arrivals {
            rate_per_s,
            burst: None,
            step: None,
        }
    }

    /// The rate at `t_us`, in requests per second.
    pub fn rate_at(&self, t_us: SimTime) -> f64 {
        let burst = self.burst.map_or(100, |b| {
            let on = b.period_us > 0 && t_us % b.period_us < b.on_us;
            if on {
                b.on_factor_pct
            } else {
                100
            }
        });
        let step = self
            .step
            .map_or(100, |s| if t_us >= s.at_us { s.factor_pct } else { 100 });
        self.rate_per_s as f64 * burst as f64 / 100.0 * step as f64 / 100.0
    }

    /// The highest rate the stream ever has, in requests per second.
    pub fn peak_rate(&self) -> f64 {
        let burst = self.burst.map_or(100, |b| b.on_factor_pct.max(100));
        let step = self.step.map_or(100, |s| s.factor_pct.max(100));
        self.rate_per_s as f64 * burst as f64 / 100.0 * step as f64 / 100.0
    }

    /// The gap to the next candidate arrival at the peak rate; `None` if the rate is 0.
    pub fn next_gap_us(&self, rng: &mut impl RngCore) -> Option<SimTime> {
        let peak = self.peak_rate();
        (peak > 0.0).then(|| exponential_us(rng, SECOND as f64 / peak).max(1))
    }

    /// Whether a candidate at `t_us` is a real arrival (always, for a plain stream: no draw).
    pub fn keep(&self, rng: &mut impl RngCore, t_us: SimTime) -> bool {
        let (rate, peak) = (self.rate_at(t_us), self.peak_rate());
        rate >= peak || unit_open(rng) * peak <= rate
    }
}

/// How much work a request is, in microseconds of work at speed 1× (`speed_pct` 100).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostDist {
    /// Every request the same.
    Constant { us: u64 },
    /// Exponential with this mean (coefficient of variation 1).
    Exponential { mean_us: u64 },
    /// Bounded Pareto: density ∝ x^-(α+1) on `min_us..=max_us`, shape α = `alpha_centi / 100`.
    /// With α = 1.5 and `max = 200 · min` the mean is ≈ 2.79 · min and a few requests
    /// cost 100× the typical one (see [`CostDist::heavy_tailed`]).
    BoundedPareto {
        min_us: u64,
        max_us: u64,
        alpha_centi: u32,
    },
}

/// Shape of [`CostDist::heavy_tailed`]: α = 1.5.
pub const HEAVY_ALPHA_CENTI: u32 = 150;
/// Range of [`CostDist::heavy_tailed`]: the largest cost is 200 × the smallest.
pub const HEAVY_RANGE: u64 = 200;

impl CostDist {
    /// A bounded Pareto (α = 1.5, max = 200 · min) with mean ≈ `mean_us`.
    pub fn heavy_tailed(mean_us: u64) -> Self {
        let alpha = HEAVY_ALPHA_CENTI as f64 / 100.0;
        let per_min = pareto_mean(1.0, HEAVY_RANGE as f64, alpha);
        let min_us = ((mean_us as f64 / per_min) as u64).max(1);
        CostDist::BoundedPareto {
            min_us,
            max_us: min_us * HEAVY_RANGE,
            alpha_centi: HEAVY_ALPHA_CENTI,
        }
    }

    /// The mean cost, in µs of work at 1×.
    pub fn mean_us(&self) -> f64 {
        match *self {
            CostDist::Constant { us } => us as f64,
            CostDist::Exponential { mean_us } => mean_us as f64,
            CostDist::BoundedPareto {
                min_us,
                max_us,
                alpha_centi,
            } => pareto_mean(min_us as f64, max_us as f64, alpha_centi as f64 / 100.0),
        }
    }

    /// One request's cost (at least 1 µs). `Constant` draws nothing.
    pub fn sample_us(&self, rng: &mut impl RngCore) -> u64 {
        match *self {
            CostDist::Constant { us } => us.max(1),
            CostDist::Exponential { mean_us } => exponential_us(rng, mean_us as f64).max(1),
            CostDist::BoundedPareto {
                min_us,
                max_us,
                alpha_centi,
            } => {
                let (lo, hi) = (min_us.max(1) as f64, max_us.max(min_us).max(1) as f64);
                let alpha = alpha_centi.max(1) as f64 / 100.0;
                let tail = 1.0 - pow(lo / hi, alpha);
                let x = lo * pow(1.0 - unit_open(rng) * tail, -1.0 / alpha);
                (x as u64).clamp(lo as u64, hi as u64)
            }
        }
    }
}

/// Mean of a bounded Pareto on `lo..=hi` with shape `alpha` (α ≠ 1).
fn pareto_mean(lo: f64, hi: f64, alpha: f64) -> f64 {
    if (alpha - 1.0).abs() < 1e-9 {
        return lo * hi / (hi - lo) * ln(hi / lo);
    }
    let scale = alpha * pow(lo, alpha) / (alpha - 1.0);
    scale * (pow(lo, 1.0 - alpha) - pow(hi, 1.0 - alpha)) / (1.0 - pow(lo / hi, alpha))
}

/// A uniform draw in `(0, 1]` with 53 random bits.
pub fn unit_open(rng: &mut impl RngCore) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
}

/// An exponential draw with mean `mean_us`, rounded down to whole microseconds.
pub fn exponential_us(rng: &mut impl RngCore, mean_us: f64) -> u64 {
    (-ln(unit_open(rng)) * mean_us) as u64
}

const LN_2: f64 = std::f64::consts::LN_2;

/// Natural logarithm of `x > 0` from `+ - * /` only (atanh series after range reduction);
/// accurate to a few ulps, and identical on every platform.
pub fn ln(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return f64::NEG_INFINITY;
    }
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut mantissa = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if exponent == -1023 {
        // Subnormal: normalise through a multiplication by 2^54.
        return ln(x * (1u64 << 54) as f64) - 54.0 * LN_2;
    }
    if mantissa > std::f64::consts::SQRT_2 {
        mantissa /= 2.0;
        exponent += 1;
    }
    let s = (mantissa - 1.0) / (mantissa + 1.0);
    let (s2, mut term, mut sum) = (s * s, s, 0.0);
    for k in 0..14 {
        sum += term / (2 * k + 1) as f64;
        term *= s2;
    }
    2.0 * sum + exponent as f64 * LN_2
}

/// `e^x` from `+ - * /` only (Taylor series after reduction by powers of 2).
pub fn exp(x: f64) -> f64 {
    if x < -745.0 {
        return 0.0;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    let k = (x / LN_2).floor();
    let r = x - k * LN_2;
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 1..20 {
        term *= r / n as f64;
        sum += term;
    }
    let k = k as i64;
    if k < -1022 {
        // Subnormal results: scale in two steps so neither factor underflows early.
        return sum * pow2(k + 64) * pow2(-64);
    }
    sum * pow2(k)
}

/// `2^k` for `-1022 <= k <= 1023`.
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k.clamp(-1022, 1023) + 1023) as u64) << 52)
}

/// `base^power` for `base > 0`.
pub fn pow(base: f64, power: f64) -> f64 {
    exp(power * ln(base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::child_stream;

    #[test]
    fn ln_and_exp_match_the_platform_closely() {
        for &x in &[
            1e-300, 1e-12, 0.001, 0.5, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300,
        ] {
            assert!(
                (ln(x) - x.ln()).abs() <= 1e-13 * x.ln().abs().max(1.0),
                "ln {x}"
            );
        }
        for &x in &[-700.0, -20.0, -1.0, -0.1, 0.0, 0.3, 1.0, 5.0, 100.0] {
            assert!((exp(x) - x.exp()).abs() <= 1e-13 * x.exp(), "exp {x}");
        }
    }

    #[test]
    fn sample_means_are_near_the_stated_means() {
        let mut rng = child_stream(3, 1);
        for dist in [
            CostDist::Constant { us: 500 },
            CostDist::Exponential { mean_us: 50_000 },
            CostDist::heavy_tailed(50_000),
        ] {
            let n = 200_000;
            let total: u64 = (0..n).map(|_| dist.sample_us(&mut rng)).sum();
            let mean = total as f64 / n as f64;
            let err = (mean - dist.mean_us()).abs() / dist.mean_us();
            assert!(
                err < 0.03,
                "{dist:?}: sample mean {mean} vs {}",
                dist.mean_us()
            );
        }
    }

    #[test]
    fn a_heavy_tail_has_a_median_well_below_its_mean() {
        let mut rng = child_stream(4, 1);
        let dist = CostDist::heavy_tailed(50_000);
        let mut draws: Vec<u64> = (0..10_001).map(|_| dist.sample_us(&mut rng)).collect();
        draws.sort_unstable();
        assert!((draws[5_000] as f64) < 0.6 * dist.mean_us());
    }

    #[test]
    fn bursts_and_steps_shape_the_rate() {
        let arrivals = Arrivals {
            rate_per_s: 100,
            burst: Some(Burst {
                period_us: 1_000,
                on_us: 250,
                on_factor_pct: 300,
            }),
            step: Some(Step {
                at_us: 10_000,
                factor_pct: 200,
            }),
        };
        assert_eq!(arrivals.rate_at(100), 300.0);
        assert_eq!(arrivals.rate_at(500), 100.0);
        assert_eq!(arrivals.rate_at(10_100), 600.0);
        assert_eq!(arrivals.peak_rate(), 600.0);
    }
}
