//! Cristian's algorithm: set a clock from a time server, and know how wrong it may still be.
//!
//! The client notes its clock when it asks (`sent`) and when the answer arrives
//! (`received`). The server's reading was taken somewhere in between, so the best guess
//! for "now" is the server's reading plus half the round trip, and the guess is off by
//! at most half the round trip (if the clock ran true during the exchange).

/// The three readings of one exchange, in microseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// Client clock when the request left.
    pub sent_local_us: i64,
    /// Server clock when it answered.
    pub server_us: i64,
    /// Client clock when the answer arrived.
    pub received_local_us: i64,
}

/// What the client concludes from an [`Exchange`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Estimate {
    /// Round-trip time by the client's clock (never negative).
    pub rtt_us: i64,
    /// Best guess of the server's clock at `received_local_us`: server reading + RTT/2.
    pub estimate_us: i64,
    /// How far the guess may be off: RTT/2, rounded up.
    pub uncertainty_us: i64,
    /// The step to apply to the client's clock: estimate − received.
    pub correction_us: i64,
}

/// Cristian's estimate for one exchange. Integer arithmetic, saturating on absurd readings.
pub fn estimate(exchange: Exchange) -> Estimate {
    let rtt_us = exchange
        .received_local_us
        .saturating_sub(exchange.sent_local_us)
        .max(0);
    let estimate_us = exchange.server_us.saturating_add(rtt_us / 2);
    Estimate {
        rtt_us,
        estimate_us,
        uncertainty_us: rtt_us - rtt_us / 2,
        correction_us: estimate_us.saturating_sub(exchange.received_local_us),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_the_round_trip() {
        let e = estimate(Exchange {
            sent_local_us: 1_000,
            server_us: 50_000,
            received_local_us: 1_031,
        });
        assert_eq!(e.rtt_us, 31);
        assert_eq!(e.estimate_us, 50_015);
        assert_eq!(e.uncertainty_us, 16);
        assert_eq!(e.correction_us, 50_015 - 1_031);
    }

    #[test]
    fn a_clock_stepped_back_mid_exchange_gives_no_negative_rtt() {
        let e = estimate(Exchange {
            sent_local_us: 10,
            server_us: 0,
            received_local_us: 5,
        });
        assert_eq!(e.rtt_us, 0);
        assert_eq!(e.uncertainty_us, 0);
    }
}
