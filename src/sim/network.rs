//! Network model: per-link latency distributions, loss, duplication, reordering, and scripted rules.

use rand_core::RngCore;

use super::rng::{below, in_range_inclusive};
use super::NodeId;

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DropCause {
    /// Random loss on the link (decided at send, dropped half-way along the trip).
    Loss,
    /// The link was cut when the message was sent (dropped at send).
    Partition,
    /// The receiver was crashed when the message arrived (or while it waited in a paused inbox).
    CrashedReceiver,
    /// A scripted [`Rule`] dropped it (at send).
    Rule,
}

impl DropCause {
    /// All causes, in their canonical order.
    pub const ALL: [DropCause; 4] = [
        DropCause::Loss,
        DropCause::Partition,
        DropCause::CrashedReceiver,
        DropCause::Rule,
    ];

    /// A short lowercase name for display.
    pub fn name(self) -> &'static str {
        match self {
            DropCause::Loss => "loss",
            DropCause::Partition => "partition",
            DropCause::CrashedReceiver => "crashed-receiver",
            DropCause::Rule => "rule",
        }
    }

    pub(crate) fn code(self) -> u64 {
        match self {
            DropCause::Loss => 1,
            DropCause::Partition => 2,
            DropCause::CrashedReceiver => 3,
            DropCause::Rule => 4,
        }
    }
}

/// One-way latency distribution of a link, in microseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Latency {
    /// Always `us`.
    Constant { us: u64 },
    /// Uniform over `min_us..=max_us`.
    Uniform { min_us: u64, max_us: u64 },
    /// Long-tailed: Pareto with shape 2 starting at `min_us` (median ≈ 1.41 · min), capped at `max_us`.
    /// Sampled with integer square roots only.
    Pareto { min_us: u64, max_us: u64 },
}

impl Default for Latency {
    fn default() -> Self {
        Latency::Constant { us: 1_000 }
    }
}

impl Latency {
    /// Draw one latency. Draws no random number for `Constant`.
    pub fn sample(&self, rng: &mut impl RngCore) -> u64 {
        match *self {
            Latency::Constant { us } => us,
            Latency::Uniform { min_us, max_us } => {
                in_range_inclusive(rng, min_us.min(max_us), max_us.max(min_us))
            }
            Latency::Pareto { min_us, max_us } => {
                // x = min · sqrt(2^32 / u) for u uniform in [1, 2^32]; computed as min · isqrt(2^62 / u) / 2^15.
                let u = below(rng, 1u64 << 32) + 1;
                let root = ((1u64 << 62) / u).isqrt();
                let value = ((min_us as u128 * root as u128) >> 15).min(u64::MAX as u128) as u64;
                value.clamp(min_us, max_us.max(min_us))
            }
        }
    }

    /// The smallest value `sample` can return.
    pub fn min_us(&self) -> u64 {
        match *self {
            Latency::Constant { us } => us,
            Latency::Uniform { min_us, max_us } => min_us.min(max_us),
            Latency::Pareto { min_us, .. } => min_us,
        }
    }

    /// The largest value `sample` can return.
    pub fn max_us(&self) -> u64 {
        match *self {
            Latency::Constant { us } => us,
            Latency::Uniform { min_us, max_us } => max_us.max(min_us),
            Latency::Pareto { min_us, max_us } => max_us.max(min_us),
        }
    }
}

/// Behaviour of one directed link. Probabilities are in parts per million.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct LinkConfig {
    /// One-way latency distribution.
    pub latency: Latency,
    /// Probability that a message is lost.
    pub loss_ppm: u32,
    /// Probability that a message is delivered twice (the copy has its own latency and loss draw).
    pub duplicate_ppm: u32,
    /// Probability that a message is held back by `reorder_delay_us`, letting later ones overtake it.
    pub reorder_ppm: u32,
    /// Extra delay of a held-back message.
    pub reorder_delay_us: u64,
}

impl LinkConfig {
    /// A reliable link with constant latency.
    pub fn constant(latency_us: u64) -> Self {
        Self {
            latency: Latency::Constant { us: latency_us },
            ..Self::default()
        }
    }

    /// A reliable link with uniform latency in `min_us..=max_us`.
    pub fn uniform(min_us: u64, max_us: u64) -> Self {
        Self {
            latency: Latency::Uniform { min_us, max_us },
            ..Self::default()
        }
    }

    /// The same link with loss probability `loss_ppm`.
    pub fn with_loss_ppm(mut self, loss_ppm: u32) -> Self {
        self.loss_ppm = loss_ppm;
        self
    }

    /// The same link with duplication probability `duplicate_ppm`.
    pub fn with_duplicate_ppm(mut self, duplicate_ppm: u32) -> Self {
        self.duplicate_ppm = duplicate_ppm;
        self
    }

    /// The same link holding back a fraction `reorder_ppm` of messages by `delay_us`.
    pub fn with_reordering(mut self, reorder_ppm: u32, delay_us: u64) -> Self {
        self.reorder_ppm = reorder_ppm;
        self.reorder_delay_us = delay_us;
        self
    }
}

/// What a matching [`Rule`] does to a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleAction {
    /// Stop evaluating rules; the link's own loss and latency still apply.
    Pass,
    /// Add this many microseconds to the trip and keep evaluating.
    Delay(u64),
    /// Drop the message at send with this cause (normally [`DropCause::Rule`]).
    Drop(DropCause),
}

/// A scripted network rule. Rules are evaluated in order for every message after partitions.
///
/// ```
/// use distlab::sim::{Rule, RuleAction, DropCause};
/// // Lose exactly the next request from node 0 to node 1.
/// let rule = Rule::new(RuleAction::Drop(DropCause::Rule)).from(0).to(1).kind("request").times(1);
/// # let _ = rule;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Match only messages from this node.
    pub from: Option<NodeId>,
    /// Match only messages to this node.
    pub to: Option<NodeId>,
    /// Match only messages of this kind ([`MessageInfo::kind`](super::MessageInfo::kind)).
    pub kind: Option<&'static str>,
    /// What to do with a match.
    pub action: RuleAction,
    /// `Some(n)`: apply to the next `n` matches only, then go inert. `None`: forever.
    pub remaining: Option<u32>,
}

impl Rule {
    /// A rule matching every message, forever.
    pub fn new(action: RuleAction) -> Self {
        Self {
            from: None,
            to: None,
            kind: None,
            action,
            remaining: None,
        }
    }

    /// Restrict to messages sent by `node`.
    pub fn from(mut self, node: NodeId) -> Self {
        self.from = Some(node);
        self
    }

    /// Restrict to messages addressed to `node`.
    pub fn to(mut self, node: NodeId) -> Self {
        self.to = Some(node);
        self
    }

    /// Restrict to messages of `kind`.
    pub fn kind(mut self, kind: &'static str) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Apply to the next `n` matches only.
    pub fn times(mut self, n: u32) -> Self {
        self.remaining = Some(n);
        self
    }

    /// Whether the rule is still active and matches this message.
    pub fn matches(&self, from: NodeId, to: NodeId, kind: &str) -> bool {
        self.remaining != Some(0)
            && self.from.is_none_or(|f| f == from)
            && self.to.is_none_or(|t| t == to)
            && self.kind.is_none_or(|k| k == kind)
    }
}

/// Message counters of one directed link.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkCounters {
    /// Messages sent on the link (not counting duplicates).
    pub sent: u64,
    /// Copies delivered.
    pub delivered: u64,
    /// Copies dropped, any cause.
    pub dropped: u64,
    /// Extra copies created by duplication.
    pub duplicated: u64,
}
