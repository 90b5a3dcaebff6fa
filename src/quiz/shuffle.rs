//! The starting order of an ordering question's items: shuffled, the same on every
//! visit, and never already in the right order.

/// A permutation of `0..len` derived from `seed_text`: `order[position]` is the index
/// of the item shown at `position`. For two or more items it is never the identity.
pub(crate) fn shown_order(seed_text: &str, len: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut state = fnv1a(seed_text.as_bytes()) ^ (len as u64);
    for upper in (1..len).rev() {
        let pick = (splitmix64(&mut state) % (upper as u64 + 1)) as usize;
        order.swap(upper, pick);
    }
    if order
        .iter()
        .enumerate()
        .all(|(position, &index)| position == index)
    {
        order.rotate_left(1);
    }
    order
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut mixed = *state;
    mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    mixed ^ (mixed >> 31)
}
