//! Sorting positions by the ids at them, fast on millions of ids: how
//! validation finds repeated fact ids and construction lays items out in
//! id order.

/// Sorts positions `0..n` by the key at each position (plain byte order).
///
/// Comparing the strings themselves means two cache misses per comparison
/// on a large document, millions of times over. The first eight bytes of
/// each key, read as a big-endian integer (zero-padded: a shorter key is a
/// prefix, and ids never hold a zero byte), order the keys the same way
/// wherever they differ, so the sort compares integers sitting next to the
/// positions and reads the strings only to break ties.
pub(crate) fn order_by<'k>(n: usize, key: impl Fn(usize) -> &'k str) -> Vec<u32> {
    sort_by_id(n, key, |_| true)
        .into_iter()
        .map(|(_, i)| i)
        .collect()
}

/// The positions `0..n` whose key passes `keep`, sorted by key then
/// position, each with the prefix key of its key (see [`order_by`]).
pub(crate) fn sort_by_id<'k>(
    n: usize,
    key: impl Fn(usize) -> &'k str,
    keep: impl Fn(&str) -> bool,
) -> Vec<(u64, u32)> {
    let mut keyed: Vec<(u64, u32)> = (0..n)
        .filter_map(|i| {
            let k = key(i);
            keep(k).then(|| (prefix_key(k), i as u32))
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| key(a.1 as usize).cmp(key(b.1 as usize)))
            .then(a.1.cmp(&b.1))
    });
    keyed
}

/// The first eight bytes of `s` as a big-endian integer, zero-padded.
pub(crate) fn prefix_key(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (slot, b) in bytes.iter_mut().zip(s.bytes()) {
        *slot = b;
    }
    u64::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_by_is_plain_string_order() {
        let keys = [
            "f10",
            "f9",
            "f1",
            "f100000000",
            "f10000000",
            "f1000000a",
            "",
            "a",
            "a.b",
            "a-b",
            "abcdefgh",
            "abcdefghi",
            "abcdefgg",
            "f1000000",
            "z",
            "_f3",
        ];
        let order = order_by(keys.len(), |i| keys[i]);
        let got: Vec<&str> = order.iter().map(|&i| keys[i as usize]).collect();
        let mut expected = keys.to_vec();
        expected.sort_unstable();
        assert_eq!(got, expected);
    }
}
