//! Proptest strategies the integration tests share: interventions as a link can carry
//! them, extreme values included.

use distlab::sim::{Intervention, NodeId};
use proptest::prelude::*;

/// Node ids the text form can carry (`NodeId` is read as a `u32`).
pub fn node_id() -> impl Strategy<Value = NodeId> {
    prop_oneof![
        3 => 0..8usize,
        1 => Just(99_999usize),
        1 => Just(100_000usize),
        1 => Just(u32::MAX as usize),
        2 => any::<u32>().prop_map(|n| n as usize),
    ]
}

pub fn ppm() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        Just(1_000_000u32),
        Just(1_000_001u32),
        Just(u32::MAX),
        any::<u32>(),
        0..=1_000_000u32,
    ]
}

pub fn wide_u64() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        Just(u64::MAX),
        Just(u64::MAX - 1),
        Just(i64::MAX as u64),
        any::<u64>(),
        0..2_000_000u64,
    ]
}

pub fn wide_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0i64),
        Just(i64::MIN),
        Just(i64::MAX),
        Just(-1i64),
        any::<i64>(),
        -2_000_000..2_000_000i64,
    ]
}

/// Every intervention the text form can express, extremes included.
pub fn intervention() -> impl Strategy<Value = Intervention> {
    prop_oneof![
        node_id().prop_map(Intervention::Crash),
        node_id().prop_map(Intervention::Restart),
        node_id().prop_map(Intervention::Pause),
        node_id().prop_map(Intervention::Resume),
        (node_id(), node_id()).prop_map(|(a, b)| Intervention::Cut(a, b)),
        (node_id(), node_id()).prop_map(|(from, to)| Intervention::CutOneWay { from, to }),
        (node_id(), node_id()).prop_map(|(a, b)| Intervention::Heal(a, b)),
        Just(Intervention::HealAll),
        ppm().prop_map(|ppm| Intervention::SetLoss { ppm }),
        ppm().prop_map(|ppm| Intervention::SetDuplication { ppm }),
        (wide_u64(), wide_u64())
            .prop_map(|(min_us, max_us)| Intervention::SetLatency { min_us, max_us }),
        (node_id(), wide_i64(), wide_i64()).prop_map(|(node, offset_us, drift_ppm)| {
            Intervention::SetClock {
                node,
                offset_us,
                drift_ppm,
            }
        }),
    ]
}
