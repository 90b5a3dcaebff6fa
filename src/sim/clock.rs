//! Physical clocks with offset, drift, step adjustment and slewing, in integer microseconds.
//!
//! A clock reads `true + offset + floor(drift_ppm · (true − epoch) / 1e6)` plus the
//! contribution of an optional slew (an extra rate applied for a bounded period).
//! Everything is `i64`/`i128` arithmetic: no floats, so every platform reads the same value.

use super::SimTime;

const MICROS_PER_SECOND: i128 = 1_000_000;

/// A temporary extra rate, in ppm, over `[start_us, end_us)` of true time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Slew {
    start_us: SimTime,
    end_us: SimTime,
    extra_ppm: i64,
}

/// A node's physical clock. See the module docs for the formula.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhysicalClock {
    epoch_us: SimTime,
    offset_us: i64,
    drift_ppm: i64,
    slew: Option<Slew>,
}

impl Default for PhysicalClock {
    fn default() -> Self {
        Self::new(0, 0)
    }
}

impl PhysicalClock {
    /// A clock that reads `true + offset_us + floor(drift_ppm · true / 1e6)`.
    pub fn new(offset_us: i64, drift_ppm: i64) -> Self {
        Self {
            epoch_us: 0,
            offset_us,
            drift_ppm,
            slew: None,
        }
    }

    /// The local reading at true time `true_us`.
    pub fn read(&self, true_us: SimTime) -> i64 {
        if self.drift_ppm == 0 && self.slew.is_none() && true_us <= i64::MAX as u64 {
            return (true_us as i64).saturating_add(self.offset_us);
        }
        if let Some(reading) = self.read_narrow(true_us) {
            return reading;
        }
        let t = true_us as i128;
        let since_epoch = t - self.epoch_us as i128;
        let mut local = t
            + self.offset_us as i128
            + (self.drift_ppm as i128 * since_epoch).div_euclid(MICROS_PER_SECOND);
        if let Some(slew) = self.slew {
            let end = t.min(slew.end_us as i128);
            let slewed = (end - slew.start_us as i128).max(0);
            local += (slew.extra_ppm as i128 * slewed).div_euclid(MICROS_PER_SECOND);
        }
        local.clamp(i64::MIN as i128, i64::MAX as i128) as i64
    }

    /// `read` in `i64` arithmetic when nothing can overflow (the common case; avoids 128-bit division).
    fn read_narrow(&self, true_us: SimTime) -> Option<i64> {
        const MICROS: i64 = MICROS_PER_SECOND as i64;
        let t = i64::try_from(true_us).ok()?;
        let since_epoch = t.checked_sub(i64::try_from(self.epoch_us).ok()?)?;
        let mut local = t
            .checked_add(self.offset_us)?
            .checked_add(self.drift_ppm.checked_mul(since_epoch)?.div_euclid(MICROS))?;
        if let Some(slew) = self.slew {
            let end = t.min(i64::try_from(slew.end_us).ok()?);
            let slewed = end.checked_sub(i64::try_from(slew.start_us).ok()?)?.max(0);
            local = local.checked_add(slew.extra_ppm.checked_mul(slewed)?.div_euclid(MICROS))?;
        }
        Some(local)
    }

    /// Replace the clock's parameters from `now_us` on: it reads `true + offset_us` at `now_us`
    /// and then gains `drift_ppm` microseconds per second of true time. Any slew is cancelled.
    pub fn set(&mut self, now_us: SimTime, offset_us: i64, drift_ppm: i64) {
        *self = Self {
            epoch_us: now_us,
            offset_us,
            drift_ppm,
            slew: None,
        };
    }

    /// Step the clock by `delta_us` (negative steps it back).
    pub fn adjust(&mut self, delta_us: i64) {
        self.offset_us = self.offset_us.saturating_add(delta_us);
    }

    /// From `now_us`, run `extra_ppm` faster (or slower, if negative) for `duration_us` of true time.
    /// The reading is continuous at `now_us`; a slew in progress is folded in first.
    pub fn slew(&mut self, now_us: SimTime, extra_ppm: i64, duration_us: u64) {
        let reading = self.read(now_us);
        self.epoch_us = now_us;
        self.offset_us = reading - now_us.min(i64::MAX as u64) as i64;
        self.slew = Some(Slew {
            start_us: now_us,
            end_us: now_us.saturating_add(duration_us),
            extra_ppm,
        });
    }

    /// The constant drift rate in ppm (excluding any slew).
    pub fn drift_ppm(&self) -> i64 {
        self.drift_ppm
    }

    /// The current rate relative to true time, in ppm (drift plus an active slew).
    pub fn rate_ppm(&self, now_us: SimTime) -> i64 {
        match self.slew {
            Some(s) if now_us >= s.start_us && now_us < s.end_us => self.drift_ppm + s.extra_ppm,
            _ => self.drift_ppm,
        }
    }

    /// `read(now) − now`: how far ahead (positive) or behind the clock is.
    pub fn error_us(&self, now_us: SimTime) -> i64 {
        self.read(now_us) - now_us.min(i64::MAX as u64) as i64
    }
}
