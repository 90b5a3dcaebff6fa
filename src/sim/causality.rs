//! Comparing vector timestamps: happened-before, concurrency, and which trace events take part.

use std::collections::BTreeMap;

use super::trace::{TraceEvent, TraceKind};
use super::{MsgId, NodeId};

/// How two vector timestamps are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The first happened before the second (`a ≤ b` entry-wise and `a ≠ b`).
    Before,
    /// The second happened before the first.
    After,
    /// Identical timestamps (the same event, or stamps copied from it).
    Equal,
    /// Neither happened before the other.
    Concurrent,
}

impl Relation {
    /// The relation seen from the other side (`relation(b, a)`).
    pub fn flip(self) -> Relation {
        match self {
            Relation::Before => Relation::After,
            Relation::After => Relation::Before,
            other => other,
        }
    }

    /// A short lowercase name for display (`before`, `after`, `equal`, `concurrent`).
    pub fn name(self) -> &'static str {
        match self {
            Relation::Before => "before",
            Relation::After => "after",
            Relation::Equal => "equal",
            Relation::Concurrent => "concurrent",
        }
    }
}

/// Compare two vector timestamps. Missing entries of a shorter vector count as 0.
pub fn relation(a: &[u32], b: &[u32]) -> Relation {
    let (mut a_less, mut b_less) = (false, false);
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        a_less |= x < y;
        b_less |= y < x;
    }
    match (a_less, b_less) {
        (false, false) => Relation::Equal,
        (true, false) => Relation::Before,
        (false, true) => Relation::After,
        (true, true) => Relation::Concurrent,
    }
}

/// Whether `a` happened before `b`.
pub fn happened_before(a: &[u32], b: &[u32]) -> bool {
    relation(a, b) == Relation::Before
}

/// Whether `a` and `b` are concurrent.
pub fn concurrent(a: &[u32], b: &[u32]) -> bool {
    relation(a, b) == Relation::Concurrent
}

/// Whether a trace event is a local event of its node in the causal history (it ticked the
/// node's Lamport and vector clocks: send, receive, timer, external input, note, state change).
pub fn is_causal(event: &TraceEvent) -> bool {
    event.kind.ticks_clock()
}

/// The happened-before relation of a trace, built from its definition (program order on
/// each node, plus send → receive, closed transitively) rather than from vector clocks:
/// the reference the vector-clock comparison must agree with.
///
/// Quadratic in memory (a bit set per event): meant for checking and for lesson-sized traces.
#[derive(Clone, Debug)]
pub struct HappenedBefore {
    /// `seq` of each causal event, in trace order.
    seqs: Vec<u64>,
    /// `reach[i]` has bit `j` set iff event `i` happened before event `j`.
    reach: Vec<Vec<u64>>,
}

impl HappenedBefore {
    /// Builds the relation over the causal events of `trace` (see [`is_causal`]), oldest
    /// first. A receive whose send is not in `trace` gets no message edge.
    pub fn from_trace(trace: &[TraceEvent]) -> Self {
        let events: Vec<&TraceEvent> = trace.iter().filter(|e| is_causal(e)).collect();
        let count = events.len();
        let original_of: BTreeMap<MsgId, MsgId> = trace
            .iter()
            .filter_map(|e| match (e.kind, e.message) {
                (TraceKind::Duplicate { original }, Some(copy)) => Some((copy.id, original)),
                _ => None,
            })
            .collect();
        let send_index: BTreeMap<MsgId, usize> = events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == TraceKind::Send)
            .filter_map(|(i, e)| e.message.map(|m| (m.id, i)))
            .collect();
        let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut last_at_node: BTreeMap<NodeId, usize> = BTreeMap::new();
        for (i, e) in events.iter().enumerate() {
            if let Some(node) = e.node {
                if let Some(previous) = last_at_node.insert(node, i) {
                    successors[previous].push(i);
                }
            }
            if let (TraceKind::Deliver, Some(m)) = (e.kind, e.message) {
                let sent_as = original_of.get(&m.id).copied().unwrap_or(m.id);
                if let Some(&send) = send_index.get(&sent_as) {
                    successors[send].push(i);
                }
            }
        }
        let words = count.div_ceil(64);
        let mut reach = vec![vec![0u64; words]; count];
        // Every edge goes forward in trace order, so one backward pass closes the relation.
        for i in (0..count).rev() {
            for &s in &successors[i] {
                reach[i][s / 64] |= 1 << (s % 64);
                let (head, tail) = reach.split_at_mut(s);
                for (mine, theirs) in head[i].iter_mut().zip(&tail[0]) {
                    *mine |= theirs;
                }
            }
        }
        Self {
            seqs: events.iter().map(|e| e.seq).collect(),
            reach,
        }
    }

    /// Number of causal events covered.
    pub fn len(&self) -> usize {
        self.seqs.len()
    }

    /// Whether no causal event is covered.
    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }

    /// Trace `seq` of the `index`-th causal event.
    pub fn seq(&self, index: usize) -> Option<u64> {
        self.seqs.get(index).copied()
    }

    /// Whether the `a`-th causal event happened before the `b`-th (false for unknown indices).
    pub fn before(&self, a: usize, b: usize) -> bool {
        self.reach
            .get(a)
            .and_then(|row| row.get(b / 64))
            .is_some_and(|word| word >> (b % 64) & 1 == 1)
    }

    /// How the `a`-th causal event stands to the `b`-th.
    pub fn relation(&self, a: usize, b: usize) -> Relation {
        if a == b {
            Relation::Equal
        } else if self.before(a, b) {
            Relation::Before
        } else if self.before(b, a) {
            Relation::After
        } else {
            Relation::Concurrent
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_vectors() {
        assert_eq!(relation(&[1, 0], &[1, 1]), Relation::Before);
        assert_eq!(relation(&[2, 1], &[1, 1]), Relation::After);
        assert_eq!(relation(&[1, 1], &[1, 1]), Relation::Equal);
        assert_eq!(relation(&[2, 0], &[1, 1]), Relation::Concurrent);
        assert_eq!(relation(&[1], &[1, 1]), Relation::Before);
        assert!(happened_before(&[0, 1], &[1, 1]));
        assert!(concurrent(&[0, 1], &[1, 0]));
    }
}
