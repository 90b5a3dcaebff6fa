//! The trace: every event with its timestamps, a bounded ring for the UI, an optional full stream, and a stable hash.
//!
//! The hash has two levels. Each event is first reduced to a 64-bit digest: its canonical
//! encoding (every number as an explicit `u64`, node ids included, so `usize` width never
//! matters; strings as their length then their UTF-8 bytes in little-endian 8-byte words)
//! is taken in pairs of words, each pair folded with a 64×64→128-bit multiply keyed by its
//! position, and the folds summed. The digests are then chained with an FNV-1a-style step
//! (`h = (h ^ digest) · FNV_PRIME; h ^= h >> 32`). No floats, no platform-dependent widths.

use std::fmt;

use super::network::DropCause;
use super::{MsgId, NodeId, SimTime};

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceKind {
    /// `node` sent `message`. Ticks the sender's logical clocks; the message carries the stamps.
    Send,
    /// `node` received `message`. Ticks (Lamport max+1, vector merge then own entry +1).
    Deliver,
    /// The message never arrived. `node` is the intended receiver; `local_clock_us` is its clock;
    /// `lamport` and `vector` are the message's send stamps. No clock ticks.
    Drop { cause: DropCause },
    /// The network made an extra copy of message `original`; `message` is the copy. Same stamps as the send.
    Duplicate { original: MsgId },
    /// A timer with `tag` fired at `node`. Ticks.
    Timer { tag: u64 },
    /// An input injected by the scenario (`Simulation::inject`) was handled by `node`. Ticks.
    External,
    /// `node` crashed.
    Crash,
    /// `node` restarted.
    Restart,
    /// `node` was paused.
    Pause,
    /// `node` resumed.
    Resume,
    /// `node` logged `text`. Ticks.
    Note,
    /// `node`'s displayed state changed to `text`. Ticks.
    StateChange,
    /// A network or clock intervention (`text` is its short form).
    Intervention,
}

impl TraceKind {
    /// A short lowercase name for display.
    pub fn name(&self) -> &'static str {
        match self {
            TraceKind::Send => "send",
            TraceKind::Deliver => "deliver",
            TraceKind::Drop { .. } => "drop",
            TraceKind::Duplicate { .. } => "duplicate",
            TraceKind::Timer { .. } => "timer",
            TraceKind::External => "external",
            TraceKind::Crash => "crash",
            TraceKind::Restart => "restart",
            TraceKind::Pause => "pause",
            TraceKind::Resume => "resume",
            TraceKind::Note => "note",
            TraceKind::StateChange => "state",
            TraceKind::Intervention => "intervention",
        }
    }

    /// Whether this event is a local event of its node that advanced its Lamport and vector clocks.
    pub fn ticks_clock(&self) -> bool {
        matches!(
            self,
            TraceKind::Send
                | TraceKind::Deliver
                | TraceKind::Timer { .. }
                | TraceKind::External
                | TraceKind::Note
                | TraceKind::StateChange
        )
    }

    fn canonical(&self) -> (u64, u64) {
        match *self {
            TraceKind::Send => (1, 0),
            TraceKind::Deliver => (2, 0),
            TraceKind::Drop { cause } => (3, cause.code()),
            TraceKind::Duplicate { original } => (4, original),
            TraceKind::Timer { tag } => (5, tag),
            TraceKind::External => (6, 0),
            TraceKind::Crash => (7, 0),
            TraceKind::Restart => (8, 0),
            TraceKind::Pause => (9, 0),
            TraceKind::Resume => (10, 0),
            TraceKind::Note => (11, 0),
            TraceKind::StateChange => (12, 0),
            TraceKind::Intervention => (13, 0),
        }
    }
}

/// The message an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageRef {
    /// Unique per copy (a duplicate gets its own id).
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    /// [`MessageInfo::kind`](super::MessageInfo::kind).
    pub kind: &'static str,
}

/// One recorded event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEvent {
    /// Position in the whole trace (0, 1, 2, …).
    pub seq: u64,
    /// True (simulated) time.
    pub time: SimTime,
    /// The node it happened at; `None` for network-wide interventions.
    pub node: Option<NodeId>,
    /// The node's physical clock reading at `time`.
    pub local_clock_us: i64,
    /// Lamport timestamp (see [`TraceKind`] for which events tick).
    pub lamport: u64,
    /// Vector timestamp, one entry per node.
    pub vector: Vec<u32>,
    pub kind: TraceKind,
    pub message: Option<MessageRef>,
    /// Message label, note text, new display state, or intervention text.
    pub text: String,
}

const INLINE_TEXT_BYTES: usize = 38;

/// Text that lives inline when short (message labels) and on the heap otherwise.
#[derive(Clone)]
pub(crate) enum CompactText {
    Inline {
        len: u8,
        bytes: [u8; INLINE_TEXT_BYTES],
    },
    Owned(String),
}

impl CompactText {
    pub(crate) const fn new() -> Self {
        CompactText::Inline {
            len: 0,
            bytes: [0; INLINE_TEXT_BYTES],
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            CompactText::Inline { len, bytes } => &bytes[..*len as usize],
            CompactText::Owned(s) => s.as_bytes(),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            CompactText::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or("")
            }
            CompactText::Owned(s) => s,
        }
    }
}

impl fmt::Write for CompactText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self {
            CompactText::Inline { len, bytes } => {
                let used = *len as usize;
                if used + s.len() <= INLINE_TEXT_BYTES {
                    bytes[used..used + s.len()].copy_from_slice(s.as_bytes());
                    *len = (used + s.len()) as u8;
                } else {
                    let mut owned = String::with_capacity(used + s.len());
                    owned.push_str(std::str::from_utf8(&bytes[..used]).unwrap_or(""));
                    owned.push_str(s);
                    *self = CompactText::Owned(owned);
                }
            }
            CompactText::Owned(owned) => owned.push_str(s),
        }
        Ok(())
    }
}

/// An event as stored in the ring (its vector timestamp lives in a flat side buffer).
#[derive(Clone)]
pub(crate) struct Record {
    pub time: SimTime,
    pub node: Option<NodeId>,
    pub local_clock_us: i64,
    pub lamport: u64,
    pub kind: TraceKind,
    pub message: Option<MessageRef>,
    pub text: CompactText,
}

/// FNV-1a-style chaining of 64-bit words with an xor-shift fold.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TraceHasher(u64);

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl TraceHasher {
    pub(crate) const fn new() -> Self {
        Self(FNV_OFFSET_BASIS)
    }

    #[inline]
    pub(crate) fn word(&mut self, w: u64) {
        let h = (self.0 ^ w).wrapping_mul(FNV_PRIME);
        self.0 = h ^ (h >> 32);
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

const PAIR_KEY_A: u64 = 0xa076_1d64_78bd_642f;
const PAIR_KEY_B: u64 = 0xe703_7ed1_a0b4_28db;
const PAIR_KEY_STEP: u64 = 0x8ebc_6af0_9c88_c6e3;

#[inline]
fn fold_multiply(a: u64, b: u64) -> u64 {
    let product = (a as u128) * (b as u128);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The digest of one event's canonical encoding: position-keyed multiply folds of word pairs, summed.
/// The folds are independent, so the CPU computes them in parallel.
struct EventDigest {
    sum: u64,
    pending: u64,
    has_pending: bool,
    pairs: u64,
}

impl EventDigest {
    #[inline]
    fn new() -> Self {
        Self {
            sum: 0,
            pending: 0,
            has_pending: false,
            pairs: 0,
        }
    }

    #[inline]
    fn word(&mut self, w: u64) {
        if self.has_pending {
            let key = self.pairs.wrapping_mul(PAIR_KEY_STEP);
            self.sum = self.sum.wrapping_add(fold_multiply(
                self.pending ^ PAIR_KEY_A ^ key,
                w ^ PAIR_KEY_B.wrapping_add(key),
            ));
            self.pairs += 1;
            self.has_pending = false;
        } else {
            self.pending = w;
            self.has_pending = true;
        }
    }

    #[inline]
    fn bytes(&mut self, bytes: &[u8]) {
        self.word(bytes.len() as u64);
        for chunk in bytes.chunks(8) {
            let word = chunk
                .iter()
                .rev()
                .fold(0u64, |acc, &b| (acc << 8) | b as u64);
            self.word(word);
        }
    }

    #[inline]
    fn finish(mut self) -> u64 {
        if self.has_pending {
            self.word(u64::MAX);
        }
        self.sum ^ self.pairs
    }
}

/// Combine several 64-bit hashes into one, in order (used to fold scenario hashes together).
pub fn combine_hashes(parts: &[u64]) -> u64 {
    let mut h = TraceHasher::new();
    for &p in parts {
        h.word(p);
    }
    h.finish()
}

/// The trace store of a simulation.
#[derive(Clone)]
pub(crate) struct TraceLog {
    ring: Vec<Record>,
    ring_vectors: Vec<u32>,
    width: usize,
    capacity: usize,
    head: usize,
    next_seq: u64,
    hasher: TraceHasher,
    full: Option<Vec<TraceEvent>>,
}

impl TraceLog {
    pub(crate) fn new(width: usize, capacity: usize, keep_full: bool) -> Self {
        Self {
            ring: Vec::with_capacity(capacity),
            ring_vectors: vec![0; width * capacity],
            width,
            capacity,
            head: 0,
            next_seq: 0,
            hasher: TraceHasher::new(),
            full: keep_full.then(Vec::new),
        }
    }

    pub(crate) fn push(&mut self, record: Record, vector: &[u32]) {
        self.hash(&record, vector);
        if let Some(full) = &mut self.full {
            full.push(Self::materialize(self.next_seq, &record, vector));
        }
        self.next_seq += 1;
        if self.capacity == 0 {
            return;
        }
        let slot = self.head;
        self.ring_vectors[slot * self.width..(slot + 1) * self.width].copy_from_slice(vector);
        if self.ring.len() < self.capacity {
            self.ring.push(record);
        } else {
            self.ring[slot] = record;
        }
        self.head = (slot + 1) % self.capacity;
    }

    fn hash(&mut self, r: &Record, vector: &[u32]) {
        let mut d = EventDigest::new();
        let (code, detail) = r.kind.canonical();
        d.word(code);
        d.word(detail);
        d.word(r.time);
        d.word(r.node.map_or(u64::MAX, |n| n as u64));
        d.word(r.local_clock_us as u64);
        d.word(r.lamport);
        d.word(vector.len() as u64);
        for pair in vector.chunks(2) {
            let hi = pair.get(1).copied().unwrap_or(0) as u64;
            d.word((pair[0] as u64) | (hi << 32));
        }
        match &r.message {
            Some(m) => {
                d.word(m.id);
                d.word(m.from as u64);
                d.word(m.to as u64);
                d.bytes(m.kind.as_bytes());
            }
            None => d.word(u64::MAX),
        }
        d.bytes(r.text.as_bytes());
        self.hasher.word(d.finish());
    }

    fn materialize(seq: u64, r: &Record, vector: &[u32]) -> TraceEvent {
        TraceEvent {
            seq,
            time: r.time,
            node: r.node,
            local_clock_us: r.local_clock_us,
            lamport: r.lamport,
            vector: vector.to_vec(),
            kind: r.kind,
            message: r.message,
            text: r.text.as_str().to_owned(),
        }
    }

    pub(crate) fn hash_value(&self) -> u64 {
        self.hasher.finish()
    }

    pub(crate) fn total_events(&self) -> u64 {
        self.next_seq
    }

    pub(crate) fn full(&self) -> &[TraceEvent] {
        self.full.as_deref().unwrap_or(&[])
    }

    /// The newest `max` ring events, oldest first.
    pub(crate) fn recent(&self, max: usize) -> Vec<TraceEvent> {
        let len = self.ring.len();
        let take = len.min(max);
        let oldest = if len < self.capacity { 0 } else { self.head };
        let first_seq = self.next_seq - len as u64;
        (len - take..len)
            .map(|age| {
                let slot = (oldest + age) % len.max(1);
                let vector = &self.ring_vectors[slot * self.width..(slot + 1) * self.width];
                Self::materialize(first_seq + age as u64, &self.ring[slot], vector)
            })
            .collect()
    }
}
