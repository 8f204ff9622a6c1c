//! [`KeyTable`]: what a template remembers across rows for duplicate detection.

/// A multi-map from 64-bit fingerprints to 64-bit values (e.g. a row number and a code packed
/// together), for what a template remembers across rows.
///
/// One open-addressed table with linear probing: each slot holds a fingerprint and its value
/// side by side (16 bytes), so a lookup reads one cache line, and the insert that follows it
/// writes the same line. The table doubles when it would be more than 70% full, so it is 35%
/// to 70% full: 23 to 46 bytes per remembered entry (a million entries take 23 to 46 MiB; half
/// as much again for the moment of a doubling). [`KeyTable::reserve`] sizes it once for the
/// entries expected (any number of slots, not only powers of two), which saves the doublings. A
/// fingerprint's slot is its position in the table's range (`fingerprint × slots / 2⁶⁴`), so
/// fingerprints should be well mixed (every bit depending on every input bit).
///
/// Why it is built this way: an upload looks up every row's key and almost every key is new,
/// so a lookup is a walk from a random slot to the first empty one, and a million keys do not
/// fit in the processor's caches. At most 70% full, that walk is short (a few slots, one or two
/// cache lines); [`KeyTable::prefetch`] lets a caller that knows the next keys start their
/// memory reads together. Fuller would mean longer walks; emptier, more memory, and each page
/// of fresh memory costs the operating system a page fault (on the machine the benchmarks ran
/// on, a third of what the table costs).
///
/// A fingerprint may be added several times (an enrolment with several codes); all its values
/// are found.
///
/// ```
/// use learner_destinations::template::KeyTable;
/// let mut t = KeyTable::new();
/// t.insert(0xDEAD_BEEF_0000_0001, 2);
/// t.insert(0xDEAD_BEEF_0000_0001, 7);
/// let mut values: Vec<u64> = t.values(0xDEAD_BEEF_0000_0001).collect();
/// values.sort();
/// assert_eq!(values, [2, 7]);
/// assert!(t.values(42).next().is_none());
/// assert_eq!(t.len(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct KeyTable {
    /// `[fingerprint, value]` per slot; fingerprint [`EMPTY`] marks a free slot.
    slots: Vec<[u64; 2]>,
    /// Entries in `slots`.
    in_slots: usize,
    /// Values of the fingerprint [`EMPTY`], which cannot be stored in a slot (kept aside; a
    /// well-mixed fingerprint is 0 about once in 2⁶⁴).
    empty_fingerprint: Vec<u64>,
}

/// The fingerprint that marks a free slot.
const EMPTY: u64 = 0;
/// The table is at most `FULLEST.0 / FULLEST.1` (7/10) full: it takes 10 slots per 7 entries
/// reserved, and doubles when one more entry would make it fuller.
const FULLEST: (usize, usize) = (7, 10);
/// Slots of a new table: 4,096 (64 KiB).
const FIRST_SLOTS: usize = 4096;
/// The most entries a table holds: beyond, [`KeyTable::insert`] refuses (2³¹ entries would take
/// 64 GiB).
const MAX_ENTRIES: usize = 1 << 31;

impl KeyTable {
    /// An empty table (allocates on the first insert).
    pub fn new() -> KeyTable {
        KeyTable::default()
    }

    /// Number of (fingerprint, value) pairs.
    pub fn len(&self) -> usize {
        self.in_slots + self.empty_fingerprint.len()
    }

    /// True when nothing has been added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slot a fingerprint starts from: its position in the table's range (monotone in the
    /// fingerprint, so slots in order hold fingerprints in order but for probing).
    #[inline]
    fn home(&self, fingerprint: u64) -> usize {
        ((u128::from(fingerprint) * self.slots.len() as u128) >> 64) as usize
    }

    /// The slot after `i`, wrapping round.
    #[inline]
    fn after(&self, i: usize) -> usize {
        if i + 1 >= self.slots.len() { 0 } else { i + 1 }
    }

    /// Puts an entry in the first free slot from its home (there is one: the table is at most
    /// 70% full).
    #[inline]
    fn put(&mut self, fingerprint: u64, value: u64) {
        let mut i = self.home(fingerprint);
        while self.slots.get(i).is_some_and(|s| s[0] != EMPTY) {
            i = self.after(i);
        }
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = [fingerprint, value];
        }
    }

    /// Moves every entry to a table of `slots` slots.
    fn resize(&mut self, slots: usize) {
        let old = std::mem::replace(&mut self.slots, vec![[EMPTY, 0]; slots]);
        // Old slots in order give new homes in order: the new table is written as a stream.
        for [f, v] in old {
            if f != EMPTY {
                self.put(f, v);
            }
        }
    }

    /// Doubles the table (or makes the first slots) when one more entry would make it fuller
    /// than [`FULLEST`].
    #[inline]
    fn make_room(&mut self) {
        if (self.in_slots + 1) * FULLEST.1 > self.slots.len() * FULLEST.0 {
            self.resize((self.slots.len() * 2).max(FIRST_SLOTS));
        }
    }

    /// Makes room for `additional` more entries at once, so the table need not double while
    /// they are added (e.g. the rows an upload's size suggests). Memory is only reserved: the
    /// operating system provides a page when an entry first lands on it.
    pub fn reserve(&mut self, additional: usize) {
        let entries = self.in_slots.saturating_add(additional).min(MAX_ENTRIES);
        let wanted = (entries.saturating_mul(FULLEST.1) / FULLEST.0).max(FIRST_SLOTS);
        if wanted > self.slots.len() {
            self.resize(wanted);
        }
    }

    /// Adds a value under `fingerprint` (keeping any values already there). Returns `false`,
    /// adding nothing, when the table already holds 2³¹ entries.
    pub fn insert(&mut self, fingerprint: u64, value: u64) -> bool {
        if self.len() >= MAX_ENTRIES {
            return false;
        }
        if fingerprint == EMPTY {
            self.empty_fingerprint.push(value);
            return true;
        }
        self.make_room();
        self.put(fingerprint, value);
        self.in_slots += 1;
        true
    }

    /// Adds `value` under `fingerprint` only when the fingerprint has no value yet, in one walk
    /// from its slot (the common case of an upload: a key not seen before). Returns `true` when
    /// it was added; `false`, adding nothing, when the fingerprint already has a value (or the
    /// table is full, as for [`KeyTable::insert`]).
    #[inline]
    pub fn insert_if_absent(&mut self, fingerprint: u64, value: u64) -> bool {
        if fingerprint == EMPTY || self.len() >= MAX_ENTRIES {
            return fingerprint == EMPTY
                && self.empty_fingerprint.is_empty()
                && self.insert(fingerprint, value);
        }
        self.make_room();
        let mut i = self.home(fingerprint);
        while let Some(slot) = self.slots.get_mut(i) {
            if slot[0] == fingerprint {
                return false;
            }
            if slot[0] == EMPTY {
                *slot = [fingerprint, value];
                self.in_slots += 1;
                return true;
            }
            i = self.after(i);
        }
        false
    }

    /// The values added under `fingerprint` (in no particular order).
    pub fn values(&self, fingerprint: u64) -> impl Iterator<Item = u64> + '_ {
        let aside = if fingerprint == EMPTY {
            &self.empty_fingerprint[..]
        } else {
            &[]
        };
        let mut i = self.home(fingerprint);
        let mut done = fingerprint == EMPTY || self.slots.is_empty();
        let in_slots = std::iter::from_fn(move || {
            while !done {
                let [f, v] = self.slots.get(i).copied().unwrap_or([EMPTY, 0]);
                if f == EMPTY {
                    done = true;
                    return None;
                }
                i = self.after(i);
                if f == fingerprint {
                    return Some(v);
                }
            }
            None
        });
        aside.iter().copied().chain(in_slots)
    }

    /// True when `fingerprint` has a value.
    #[inline]
    pub fn contains(&self, fingerprint: u64) -> bool {
        if fingerprint == EMPTY {
            return !self.empty_fingerprint.is_empty();
        }
        let mut i = self.home(fingerprint);
        while let Some([f, _]) = self.slots.get(i) {
            if *f == EMPTY {
                return false;
            }
            if *f == fingerprint {
                return true;
            }
            i = self.after(i);
        }
        false
    }

    /// Starts the memory reads of the slots a lookup of `fingerprint` starts with (its home
    /// slot and the one three further on, so the next cache line too when the walk crosses
    /// into it), so that a caller about to look up several fingerprints can start their reads
    /// together; lookups that follow find the slots in the cache. The table is unchanged.
    ///
    /// On x86-64 these are prefetch instructions, which neither wait for the memory nor fault
    /// in a page not yet used; elsewhere, plain reads whose word is returned (fold the results
    /// into [`std::hint::black_box`] so they are not optimised away). The x86-64 version
    /// returns 0.
    #[inline]
    pub fn prefetch(&self, fingerprint: u64) -> u64 {
        let home = self.home(fingerprint);
        #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
        {
            for i in [home, home + 3] {
                if let Some(slot) = self.slots.get(i) {
                    safe_arch::prefetch_t0(slot);
                }
            }
            0
        }
        #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
        {
            let word = |i: usize| self.slots.get(i).map_or(0, |[f, _]| *f);
            word(home) ^ word(home + 3)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    #[test]
    fn grows_and_keeps_everything() {
        let mut t = KeyTable::new();
        for i in 0..100_000u64 {
            let fp = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            t.insert(fp, i);
        }
        assert_eq!(t.len(), 100_000);
        for i in (0..100_000u64).step_by(97) {
            let fp = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            assert_eq!(t.values(fp).collect::<Vec<_>>(), [i]);
        }
        assert!(!t.contains(12345));
        // 35% to 70% full.
        assert!(t.in_slots * 10 <= t.slots.len() * 7 && t.in_slots * 20 >= t.slots.len() * 7);
        // The home slot of a key just added to a fresh table holds it.
        let mut fresh = KeyTable::new();
        fresh.insert(0xABCD_0000_0000_0001, 9);
        #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
        assert_eq!(fresh.prefetch(0xABCD_0000_0000_0001), 0xABCD_0000_0000_0001);
        // Adding only when absent.
        let fp = 77u64.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        assert!(!t.insert_if_absent(fp, 1), "present since the loop");
        assert_eq!(t.values(fp).collect::<Vec<_>>(), [77]);
        assert!(t.insert_if_absent(0x1234_5678_9ABC_DEF1, 5));
        assert!(!t.insert_if_absent(0x1234_5678_9ABC_DEF1, 6));
        assert_eq!(t.values(0x1234_5678_9ABC_DEF1).collect::<Vec<_>>(), [5]);
        // Fingerprint 0 (kept aside) was added by the loop, for i = 0.
        assert!(!t.insert_if_absent(0, 8));
        assert_eq!(t.values(0).collect::<Vec<_>>(), [0]);
        assert_eq!(t.len(), 100_001);
        let mut fresh = KeyTable::new();
        assert!(fresh.insert_if_absent(0, 8) && !fresh.insert_if_absent(0, 9));
        assert_eq!(fresh.values(0).collect::<Vec<_>>(), [8]);
        assert!(t.slots.len().is_power_of_two());
    }

    #[test]
    fn reserved_tables_of_any_size() {
        let mut t = KeyTable::new();
        t.reserve(10_007);
        assert_eq!(t.slots.len(), 14_295);
        for i in 0..30_000u64 {
            t.insert(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1, i);
        }
        assert!(
            t.slots.len() >= 30_000 * 10 / 7,
            "grew past the reservation"
        );
        for i in (0..30_000u64).step_by(7) {
            let fp = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            assert_eq!(t.values(fp).collect::<Vec<_>>(), [i]);
        }
        // Fingerprints at the top of the range wrap round to slot 0.
        let mut small = KeyTable::new();
        for v in 0..100 {
            small.insert(u64::MAX - v, v);
        }
        assert_eq!(small.values(u64::MAX - 42).collect::<Vec<_>>(), [42]);
        assert!(!small.contains(u64::MAX - 100));
    }

    #[test]
    fn zero_fingerprint_and_shared_high_bits() {
        let mut t = KeyTable::new();
        assert!(!t.contains(0));
        t.insert(0, 5);
        assert_eq!(t.values(0).collect::<Vec<_>>(), [5]);
        // The same high 32 bits, different fingerprints.
        let (a, b) = (0xAB00_0000_0000_0007, 0xAB00_0000_0001_0007);
        t.insert(a, 1);
        assert!(!t.contains(b));
        t.insert(b, 2);
        assert_eq!(t.values(a).collect::<Vec<_>>(), [1]);
        assert_eq!(t.values(b).collect::<Vec<_>>(), [2]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// The table answers as a map from key to the list of its values would, across
        /// doublings (from a reservation of any size or none), with many keys sharing their
        /// high bits, whether values are added always or only when the key has none.
        #[test]
        fn behaves_as_a_multimap(
            pairs in proptest::collection::vec((0u64..5000, any::<u64>(), any::<bool>()), 0..40_000),
            reserved in 0usize..20_000,
        ) {
            let fingerprint = |k: u64| (k % 64).rotate_right(6) ^ k.wrapping_mul(0x9E37_79B9);
            let mut t = KeyTable::new();
            t.reserve(reserved);
            let mut m: HashMap<u64, Vec<u64>> = HashMap::new();
            for (k, v, only_if_absent) in &pairs {
                let values = m.entry(*k).or_default();
                if *only_if_absent {
                    prop_assert_eq!(t.insert_if_absent(fingerprint(*k), *v), values.is_empty());
                    if values.is_empty() {
                        values.push(*v);
                    }
                } else {
                    t.insert(fingerprint(*k), *v);
                    values.push(*v);
                }
            }
            prop_assert_eq!(t.len(), m.values().map(Vec::len).sum::<usize>());
            for k in 0..5000u64 {
                let mut got: Vec<u64> = t.values(fingerprint(k)).collect();
                let mut want = m.get(&k).cloned().unwrap_or_default();
                got.sort_unstable();
                want.sort_unstable();
                prop_assert_eq!(got, want, "key {}", k);
            }
        }
    }
}
