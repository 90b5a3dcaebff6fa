//! Messages in flight: a slab of slots, with the sender's vector timestamp of each kept in one flat buffer.

use crate::sim::trace::CompactText;
use crate::sim::{MsgId, NodeId, SimTime};

#[derive(Clone)]
pub(crate) struct Flight<M> {
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    pub msg: M,
    /// The label written at send (reused by the Deliver and Drop trace events).
    pub label: CompactText,
    pub sent_at: SimTime,
    pub arrive_at: SimTime,
    /// `Some` when the message is doomed to be lost at that time.
    pub drop_at: Option<SimTime>,
    /// Sender's Lamport stamp.
    pub lamport: u64,
    /// Arrived at a paused node and waiting in its inbox.
    pub waiting: bool,
}

impl<M> Flight<M> {
    /// Fraction of the trip covered at `now` (display only).
    pub fn progress_at(&self, now: SimTime) -> f32 {
        let trip = self.arrive_at.saturating_sub(self.sent_at);
        if trip == 0 {
            return 1.0;
        }
        (now.saturating_sub(self.sent_at) as f64 / trip as f64).clamp(0.0, 1.0) as f32
    }
}

#[derive(Clone)]
pub(crate) struct FlightTable<M> {
    slots: Vec<Option<Flight<M>>>,
    free: Vec<u32>,
    vectors: Vec<u32>,
    width: usize,
    live: usize,
}

impl<M> FlightTable<M> {
    pub fn new(width: usize) -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            vectors: Vec::new(),
            width,
            live: 0,
        }
    }

    /// Store a flight with its vector stamp; returns its slot.
    pub fn insert(&mut self, flight: Flight<M>, vector: &[u32]) -> u32 {
        self.live += 1;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(flight);
                slot
            }
            None => {
                self.slots.push(Some(flight));
                self.vectors.resize(self.slots.len() * self.width, 0);
                (self.slots.len() - 1) as u32
            }
        };
        let start = slot as usize * self.width;
        self.vectors[start..start + self.width].copy_from_slice(vector);
        slot
    }

    pub fn get_mut(&mut self, slot: u32) -> Option<&mut Flight<M>> {
        self.slots.get_mut(slot as usize).and_then(Option::as_mut)
    }

    /// Remove the flight; its vector stays readable until [`release`](Self::release).
    pub fn take(&mut self, slot: u32) -> Option<Flight<M>> {
        let flight = self.slots.get_mut(slot as usize)?.take();
        if flight.is_some() {
            self.live -= 1;
        }
        flight
    }

    /// Make a taken slot reusable.
    pub fn release(&mut self, slot: u32) {
        self.free.push(slot);
    }

    pub fn vector(&self, slot: u32) -> &[u32] {
        let start = slot as usize * self.width;
        &self.vectors[start..start + self.width]
    }

    pub fn live(&self) -> usize {
        self.live
    }

    pub fn iter(&self) -> impl Iterator<Item = &Flight<M>> + '_ {
        self.slots.iter().flatten()
    }
}
