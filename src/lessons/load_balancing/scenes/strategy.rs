//! How the load balancer picks a server: the strategies, and the small state some of them
//! keep (a round-robin cursor, smooth weighted round-robin credits, a hash ring). Pure:
//! it sees only the candidates the balancer hands it.

use rand_core::RngCore;

use super::ring::{mod_n_owner, Ring};
use crate::sim::rng::below;
use crate::sim::NodeId;

/// A load-balancing strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Each server in turn.
    RoundRobin,
    /// Each server in turn, as often as its weight (its speed): smooth weighted round robin.
    WeightedRoundRobin,
    /// A uniformly random server.
    Random,
    /// The server with the fewest outstanding requests (first in pool order on ties).
    LeastConnections,
    /// Two distinct random servers; the one with fewer outstanding requests wins (the
    /// first drawn on ties).
    PowerOfTwoChoices,
    /// Least expected response time: peak-EWMA latency × (outstanding + 1), lowest wins.
    PeakEwma,
    /// The owner of the request's key on a ring with `virtual_nodes` points per server.
    ConsistentHash { virtual_nodes: u32 },
    /// Server number `hash(key) mod N` of the N servers in the pool, in pool order.
    HashModN,
}

impl Strategy {
    /// Every strategy, consistent hashing with 100 virtual nodes.
    pub const ALL: [Strategy; 8] = [
        Strategy::RoundRobin,
        Strategy::WeightedRoundRobin,
        Strategy::Random,
        Strategy::LeastConnections,
        Strategy::PowerOfTwoChoices,
        Strategy::PeakEwma,
        Strategy::ConsistentHash { virtual_nodes: 100 },
        Strategy::HashModN,
    ];

    /// A short name for read-outs and share links.
    pub fn name(&self) -> &'static str {
        match self {
            Strategy::RoundRobin => "round-robin",
            Strategy::WeightedRoundRobin => "weighted-rr",
            Strategy::Random => "random",
            Strategy::LeastConnections => "least-conn",
            Strategy::PowerOfTwoChoices => "p2c",
            Strategy::PeakEwma => "peak-ewma",
            Strategy::ConsistentHash { .. } => "hash-ring",
            Strategy::HashModN => "hash-mod-n",
        }
    }

    /// An even shorter name, without dashes, for settings in share links (`rr`, `p2c`).
    pub fn code(&self) -> &'static str {
        match self {
            Strategy::RoundRobin => "rr",
            Strategy::WeightedRoundRobin => "wrr",
            Strategy::Random => "random",
            Strategy::LeastConnections => "lc",
            Strategy::PowerOfTwoChoices => "p2c",
            Strategy::PeakEwma => "ewma",
            Strategy::ConsistentHash { .. } => "ring",
            Strategy::HashModN => "modn",
        }
    }

    /// The strategy whose [`code`](Self::code) is `code`.
    pub fn from_code(code: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What the reader calls it.
    pub fn title(&self) -> &'static str {
        match self {
            Strategy::RoundRobin => "Round robin",
            Strategy::WeightedRoundRobin => "Weighted round robin",
            Strategy::Random => "Random",
            Strategy::LeastConnections => "Least connections",
            Strategy::PowerOfTwoChoices => "Power of two choices",
            Strategy::PeakEwma => "Least response time (peak EWMA)",
            Strategy::ConsistentHash { .. } => "Consistent hashing",
            Strategy::HashModN => "Hash mod N",
        }
    }

    /// The strategy called `name` (consistent hashing with 100 virtual nodes).
    pub fn from_name(name: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether it reads the load view (and so can be misled by a stale one).
    pub fn reads_load(&self) -> bool {
        matches!(
            self,
            Strategy::LeastConnections | Strategy::PowerOfTwoChoices | Strategy::PeakEwma
        )
    }
}

/// What a strategy may know about one server it may pick.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    /// Index of the server in the balancer's pool.
    pub member: usize,
    pub server: NodeId,
    /// The server's weight (its speed, in %).
    pub weight: u32,
    /// Outstanding requests, as the (possibly stale) view shows them.
    pub outstanding: u32,
    /// Peak-EWMA latency, decayed to now, as the view shows it.
    pub ewma_us: f64,
}

/// The state strategies keep between picks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picker {
    /// Round robin: the pool index to try first next time.
    next: usize,
    /// Smooth weighted round robin: each pool member's credit.
    credit: Vec<i64>,
    /// The ring and the servers it was built from.
    ring: Ring,
    ring_servers: Vec<NodeId>,
}

impl Picker {
    /// The pool index of the server `strategy` picks among `candidates` (in pool order)
    /// for a request with `key`; `None` when there is no candidate.
    pub fn pick(
        &mut self,
        strategy: Strategy,
        candidates: &[Candidate],
        key: u64,
        rng: &mut impl RngCore,
    ) -> Option<usize> {
        if candidates.is_empty() {
            return None;
        }
        let chosen = match strategy {
            Strategy::RoundRobin => self.round_robin(candidates),
            Strategy::WeightedRoundRobin => self.weighted(candidates),
            Strategy::Random => below(rng, candidates.len() as u64) as usize,
            Strategy::LeastConnections => first_min_by(candidates, |c| c.outstanding as f64),
            Strategy::PowerOfTwoChoices => two_choices(candidates, rng),
            Strategy::PeakEwma => first_min_by(candidates, |c| {
                (c.ewma_us + 1.0) * (c.outstanding as f64 + 1.0)
            }),
            Strategy::ConsistentHash { virtual_nodes } => {
                self.hashed(candidates, virtual_nodes, key)
            }
            Strategy::HashModN => mod_n_owner(key, candidates.len()).unwrap_or(0),
        };
        Some(candidates[chosen].member)
    }

    fn round_robin(&mut self, candidates: &[Candidate]) -> usize {
        let at = candidates
            .iter()
            .position(|c| c.member >= self.next)
            .unwrap_or(0);
        self.next = candidates[at].member + 1;
        at
    }

    fn weighted(&mut self, candidates: &[Candidate]) -> usize {
        let members = candidates.iter().map(|c| c.member + 1).max().unwrap_or(0);
        if self.credit.len() < members {
            self.credit.resize(members, 0);
        }
        let mut total = 0;
        for c in candidates {
            self.credit[c.member] += c.weight as i64;
            total += c.weight as i64;
        }
        let best = first_min_by(candidates, |c| -(self.credit[c.member] as f64));
        self.credit[candidates[best].member] -= total;
        best
    }

    fn hashed(&mut self, candidates: &[Candidate], virtual_nodes: u32, key: u64) -> usize {
        let servers: Vec<NodeId> = candidates.iter().map(|c| c.server).collect();
        if servers != self.ring_servers || self.ring.virtual_nodes() != virtual_nodes.max(1) {
            self.ring = Ring::new(&servers, virtual_nodes);
            self.ring_servers = servers;
        }
        let owner = self.ring.owner(key);
        candidates
            .iter()
            .position(|c| Some(c.server) == owner)
            .unwrap_or(0)
    }
}

/// Index of the first candidate with the lowest `score`.
fn first_min_by(candidates: &[Candidate], score: impl Fn(&Candidate) -> f64) -> usize {
    let mut best = 0;
    for (i, c) in candidates.iter().enumerate().skip(1) {
        if score(c) < score(&candidates[best]) {
            best = i;
        }
    }
    best
}

/// Power of two choices: two distinct random candidates, fewer outstanding wins.
fn two_choices(candidates: &[Candidate], rng: &mut impl RngCore) -> usize {
    let n = candidates.len() as u64;
    if n == 1 {
        return 0;
    }
    let first = below(rng, n) as usize;
    let mut second = below(rng, n - 1) as usize;
    if second >= first {
        second += 1;
    }
    if candidates[second].outstanding < candidates[first].outstanding {
        second
    } else {
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::child_stream;

    fn pool(weights: &[u32]) -> Vec<Candidate> {
        weights
            .iter()
            .enumerate()
            .map(|(i, &weight)| Candidate {
                member: i,
                server: 10 + i,
                weight,
                outstanding: 0,
                ewma_us: 0.0,
            })
            .collect()
    }

    fn counts(strategy: Strategy, candidates: &[Candidate], picks: usize) -> Vec<usize> {
        let (mut picker, mut rng) = (Picker::default(), child_stream(1, 1));
        let members = candidates.iter().map(|c| c.member + 1).max().unwrap_or(0);
        let mut counts = vec![0; members];
        for key in 0..picks {
            let member = picker
                .pick(strategy, candidates, key as u64, &mut rng)
                .unwrap();
            counts[member] += 1;
        }
        counts
    }

    #[test]
    fn weighted_round_robin_follows_the_weights_exactly() {
        let candidates = pool(&[200, 200, 100, 50]);
        assert_eq!(
            counts(Strategy::WeightedRoundRobin, &candidates, 110),
            [40, 40, 20, 10]
        );
    }

    #[test]
    fn round_robin_skips_servers_that_are_not_candidates() {
        let mut candidates = pool(&[100; 4]);
        candidates.remove(1);
        assert_eq!(counts(Strategy::RoundRobin, &candidates, 9), [3, 0, 3, 3]);
    }

    #[test]
    fn least_connections_and_two_choices_avoid_the_busy_server() {
        let mut candidates = pool(&[100; 2]);
        candidates[0].outstanding = 5;
        assert_eq!(counts(Strategy::LeastConnections, &candidates, 10), [0, 10]);
        assert_eq!(
            counts(Strategy::PowerOfTwoChoices, &candidates, 10),
            [0, 10]
        );
    }

    #[test]
    fn hash_mod_n_picks_by_the_keys_hash_among_the_pool() {
        let candidates = pool(&[100; 4]);
        let (mut picker, mut rng) = (Picker::default(), child_stream(1, 1));
        for key in 0..50 {
            let picked = picker.pick(Strategy::HashModN, &candidates, key, &mut rng);
            assert_eq!(picked, mod_n_owner(key, 4));
        }
        for strategy in Strategy::ALL {
            assert_eq!(Strategy::from_code(strategy.code()), Some(strategy));
            assert!(!strategy.code().contains('-'));
        }
    }

    #[test]
    fn an_empty_pool_picks_nothing() {
        let mut rng = child_stream(1, 1);
        assert_eq!(
            Picker::default().pick(Strategy::Random, &[], 0, &mut rng),
            None
        );
    }
}
