//! The event queue: a min-heap ordered by `(time, sequence number)`, so ties resolve in scheduling order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::sim::{SimTime, TimerId};

/// What a queued event does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EventKind {
    /// The message in flight slot arrives at its receiver.
    Arrive(u32),
    /// The doomed message in flight slot is lost (half-way along its trip).
    Lose(u32),
    /// A timer fires (skipped if no longer pending).
    Timer(TimerId),
    /// An injected input (slot in the injection table) is handled.
    External(u32),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct QueuedEvent {
    pub time: SimTime,
    pub seq: u64,
    pub kind: EventKind,
}

impl PartialEq for QueuedEvent {
    fn eq(&self, other: &Self) -> bool {
        (self.time, self.seq) == (other.time, other.seq)
    }
}

impl Eq for QueuedEvent {}

impl PartialOrd for QueuedEvent {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for QueuedEvent {
    /// Reversed so that `BinaryHeap` pops the earliest `(time, seq)` first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<QueuedEvent>,
    next_seq: u64,
}

impl EventQueue {
    pub(crate) fn push(&mut self, time: SimTime, kind: EventKind) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(QueuedEvent { time, seq, kind });
    }

    pub(crate) fn pop(&mut self) -> Option<QueuedEvent> {
        self.heap.pop()
    }

    pub(crate) fn peek_kind(&self) -> Option<EventKind> {
        self.heap.peek().map(|e| e.kind)
    }

    pub(crate) fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|e| e.time)
    }

    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }
}
