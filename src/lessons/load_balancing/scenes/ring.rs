//! A consistent-hash ring (servers × virtual nodes on a 64-bit circle) and the
//! comparison with `hash mod N`: who owns a key, how many keys move when a server
//! joins or leaves, and how evenly keys spread. Pure; a leaf that imports no scene.

use crate::sim::NodeId;

/// A stable 64-bit hash of `x` (the SplitMix64 finaliser): the same on every platform.
pub fn hash64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Where virtual node `replica` of `server` sits on the circle.
fn point_of(server: NodeId, replica: u32) -> u64 {
    hash64(hash64(server as u64 ^ 0x5eed_0000_0000_0000) ^ replica as u64)
}

/// A ring: every server at `virtual_nodes` points; a key belongs to the first point at
/// or after its hash, clockwise.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Ring {
    /// `(position, server)`, sorted by position.
    points: Vec<(u64, NodeId)>,
    virtual_nodes: u32,
}

impl Ring {
    /// The ring of `servers`, each at `virtual_nodes` points (at least 1).
    pub fn new(servers: &[NodeId], virtual_nodes: u32) -> Self {
        let virtual_nodes = virtual_nodes.max(1);
        let mut points: Vec<(u64, NodeId)> = servers
            .iter()
            .flat_map(|&s| (0..virtual_nodes).map(move |r| (point_of(s, r), s)))
            .collect();
        points.sort_unstable();
        Ring {
            points,
            virtual_nodes,
        }
    }

    /// Every point on the circle, `(position, server)`, in clockwise order from 0.
    pub fn points(&self) -> &[(u64, NodeId)] {
        &self.points
    }

    /// Virtual nodes per server.
    pub fn virtual_nodes(&self) -> u32 {
        self.virtual_nodes
    }

    /// Whether no server is on the ring.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The server that owns `key`; `None` on an empty ring.
    pub fn owner(&self, key: u64) -> Option<NodeId> {
        let h = hash64(key);
        let at = self.points.partition_point(|&(p, _)| p < h);
        let (_, server) = self.points.get(at).or(self.points.first())?;
        Some(*server)
    }
}

/// The owner of `key` under `hash mod n` among servers `0..n`; `None` when `n` is 0.
pub fn mod_n_owner(key: u64, n: usize) -> Option<usize> {
    (n > 0).then(|| (hash64(key) % n as u64) as usize)
}

/// The owner of `key` under `hash mod N` among the servers of `pool`, in pool order
/// (what a balancer doing `hash mod N` over its pool picks); `None` for an empty pool.
pub fn mod_n_pool_owner(key: u64, pool: &[NodeId]) -> Option<NodeId> {
    mod_n_owner(key, pool.len()).map(|i| pool[i])
}

/// Keys `0..keys` whose `hash mod N` owner differs between the pools `before` and `after`.
pub fn moved_keys_mod_n_pools(before: &[NodeId], after: &[NodeId], keys: u64) -> u64 {
    (0..keys)
        .filter(|&k| mod_n_pool_owner(k, before) != mod_n_pool_owner(k, after))
        .count() as u64
}

/// Keys `0..keys` whose owner differs between `before` and `after`.
pub fn moved_keys(before: &Ring, after: &Ring, keys: u64) -> u64 {
    (0..keys)
        .filter(|&k| before.owner(k) != after.owner(k))
        .count() as u64
}

/// Keys `0..keys` whose owner differs between `hash mod before` and `hash mod after`.
pub fn moved_keys_mod_n(before: usize, after: usize, keys: u64) -> u64 {
    (0..keys)
        .filter(|&k| mod_n_owner(k, before) != mod_n_owner(k, after))
        .count() as u64
}

/// How many of keys `0..keys` each of `servers` owns, in `servers` order.
pub fn keys_per_server(ring: &Ring, servers: &[NodeId], keys: u64) -> Vec<u64> {
    let mut counts = vec![0; servers.len()];
    for k in 0..keys {
        if let Some(i) = ring
            .owner(k)
            .and_then(|o| servers.iter().position(|&s| s == o))
        {
            counts[i] += 1;
        }
    }
    counts
}

/// How many of keys `0..keys` each server `0..n` owns under `hash mod n`.
pub fn keys_per_server_mod_n(n: usize, keys: u64) -> Vec<u64> {
    let mut counts = vec![0; n];
    for k in 0..keys {
        if let Some(i) = mod_n_owner(k, n) {
            counts[i] += 1;
        }
    }
    counts
}

/// The population standard deviation of `counts` (0 when empty).
pub fn std_dev(counts: &[u64]) -> f64 {
    if counts.is_empty() {
        return 0.0;
    }
    let n = counts.len() as f64;
    let mean = counts.iter().sum::<u64>() as f64 / n;
    let var = counts
        .iter()
        .map(|&c| (c as f64 - mean) * (c as f64 - mean))
        .sum::<f64>()
        / n;
    var.sqrt()
}

/// What one join does to `keys` keys on `n` servers: keys moved on the ring with
/// `virtual_nodes`, and under `hash mod N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JoinReport {
    pub keys: u64,
    pub servers_before: usize,
    pub moved_ring: u64,
    pub moved_mod_n: u64,
}

impl JoinReport {
    /// The ideal share a join moves: `keys / (n + 1)`.
    pub fn ideal(&self) -> f64 {
        self.keys as f64 / (self.servers_before + 1) as f64
    }
}

/// Adds server `n` to servers `0..n` and counts the keys that move both ways.
pub fn join_report(n: usize, virtual_nodes: u32, keys: u64) -> JoinReport {
    let before: Vec<NodeId> = (0..n).collect();
    let after: Vec<NodeId> = (0..=n).collect();
    JoinReport {
        keys,
        servers_before: n,
        moved_ring: moved_keys(
            &Ring::new(&before, virtual_nodes),
            &Ring::new(&after, virtual_nodes),
            keys,
        ),
        moved_mod_n: moved_keys_mod_n(n, n + 1, keys),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_an_owner_on_the_ring() {
        let ring = Ring::new(&[3, 5, 9], 10);
        for k in 0..1_000 {
            assert!([3, 5, 9].contains(&ring.owner(k).unwrap()));
        }
        assert_eq!(Ring::new(&[], 10).owner(1), None);
    }

    #[test]
    fn a_join_only_moves_keys_to_the_new_server() {
        let before = Ring::new(&[0, 1, 2, 3], 50);
        let after = Ring::new(&[0, 1, 2, 3, 4], 50);
        for k in 0..5_000 {
            let (a, b) = (before.owner(k), after.owner(k));
            assert!(a == b || b == Some(4));
        }
    }

    #[test]
    fn a_leave_only_moves_the_keys_of_the_leaver() {
        let before = Ring::new(&[0, 1, 2, 3], 50);
        let after = Ring::new(&[0, 1, 3], 50);
        for k in 0..5_000 {
            let (a, b) = (before.owner(k), after.owner(k));
            assert!(a == b || a == Some(2));
        }
    }

    #[test]
    fn more_virtual_nodes_spread_keys_more_evenly() {
        let servers: Vec<NodeId> = (0..8).collect();
        let spread = |v| std_dev(&keys_per_server(&Ring::new(&servers, v), &servers, 40_000));
        assert!(
            spread(200) < spread(1) / 3.0,
            "{} vs {}",
            spread(200),
            spread(1)
        );
    }

    #[test]
    fn mod_n_over_pools_moves_keys_even_when_only_the_last_server_leaves() {
        let (before, after) = ([3, 5, 9, 11], [3, 5, 9]);
        assert_eq!(
            moved_keys_mod_n_pools(&before, &after, 1_000),
            moved_keys_mod_n(4, 3, 1_000)
        );
        assert!(moved_keys_mod_n_pools(&before, &after, 1_000) > 600);
        assert_eq!(moved_keys_mod_n_pools(&before, &before, 1_000), 0);
        assert_eq!(mod_n_pool_owner(7, &[]), None);
        assert_eq!(Ring::new(&[3, 5], 4).points().len(), 8);
    }

    #[test]
    fn std_dev_is_the_population_one() {
        assert_eq!(std_dev(&[2, 4, 4, 4, 5, 5, 7, 9]), 2.0);
    }
}
