//! [`KeyTable`]: what a template remembers across rows for duplicate detection, kept compact.

/// A multi-map from 64-bit fingerprints to 64-bit values (e.g. a row number and a code packed
/// together), for what a template remembers across rows.
///
/// This is what lets an upload's memory stay flat but for its duplicate keys: a million
/// remembered entries take about 33 MiB (a log of 16 bytes per entry, an index of 8 bytes per
/// slot at most half full, a filter of one to two bytes per entry; more for a moment while one
/// of them doubles).
///
/// It is built for tables far bigger than the CPU caches, where each row would otherwise wait
/// for memory, as every key of an upload is looked up and almost every one is new:
/// - entries are appended to a log, written in order;
/// - the newest entries (up to 16,384) are indexed in a small table that stays in cache; when
///   it is full they move to the main index in the main index's slot order, so that memory is
///   written as a stream rather than at random;
/// - a bit filter (8 to 16 bits per entry, small enough to stay in cache) says when a
///   fingerprint cannot be in the main index, so most lookups of new keys never read it.
///
/// Both indexes are open-addressed with linear probing, from a slot chosen by the
/// fingerprint's high bits; they hold 32 bits of the fingerprint and the entry's place in the
/// log, which is read only when those 32 bits match. A fingerprint may be added several times
/// (an enrolment with several codes); all its values are found. Fingerprints should be well
/// mixed (every bit depending on every input bit).
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
    /// (fingerprint, value) per entry, in the order added.
    log: Vec<[u64; 2]>,
    /// The small index of the newest entries (those from `flushed` on).
    recent: Index,
    /// The main index of entries before `flushed`.
    main: Index,
    /// Entries in the main index.
    flushed: usize,
    /// Bit filter over the fingerprints in the main index.
    filter: Vec<u64>,
}

/// An open-addressed index: per slot 0 (empty) or the fingerprint's high 32 bits and the
/// entry's place in the log plus one.
#[derive(Debug, Clone, Default)]
struct Index {
    slots: Vec<u64>,
    /// log2 of the number of slots.
    bits: u32,
}

impl Index {
    fn with_bits(bits: u32) -> Index {
        Index {
            slots: vec![0; 1 << bits],
            bits,
        }
    }

    fn home(&self, fingerprint: u64) -> usize {
        match self.bits {
            0 => 0,
            b => (fingerprint >> (64 - b)) as usize,
        }
    }

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    fn put(&mut self, fingerprint: u64, place: u64) {
        let mask = self.mask();
        let mut i = self.home(fingerprint);
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = (fingerprint & HIGH) | place;
    }

    fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = 0);
    }

    /// Places in the log of entries whose high 32 bits match `fingerprint`'s.
    fn candidates(&self, fingerprint: u64) -> impl Iterator<Item = usize> + '_ {
        let high = fingerprint & HIGH;
        let mask = self.mask();
        let mut i = self.home(fingerprint);
        let mut done = self.slots.is_empty();
        std::iter::from_fn(move || {
            while !done {
                let e = self.slots.get(i).copied().unwrap_or(0);
                if e == 0 {
                    done = true;
                    return None;
                }
                i = (i + 1) & mask;
                if e & HIGH == high {
                    return Some((e & !HIGH) as usize - 1);
                }
            }
            None
        })
    }
}

const HIGH: u64 = 0xFFFF_FFFF_0000_0000;
/// The small index: 2^15 slots (256 KiB), half of them used at most.
const RECENT_BITS: u32 = 15;
/// The most entries a table holds (places in the log are 32 bits).
const MAX_ENTRIES: usize = u32::MAX as usize - 1;

impl KeyTable {
    /// An empty table (allocates on the first insert).
    pub fn new() -> KeyTable {
        KeyTable::default()
    }

    /// Number of (fingerprint, value) pairs.
    pub fn len(&self) -> usize {
        self.log.len()
    }

    /// True when nothing has been added.
    pub fn is_empty(&self) -> bool {
        self.log.is_empty()
    }

    fn filter_bit(&self, fingerprint: u64) -> (usize, u64) {
        let n = fingerprint as usize & (self.filter.len() * 64).wrapping_sub(1);
        (n / 64, 1 << (n % 64))
    }

    /// Adds a value under `fingerprint` (keeping any values already there). Returns `false`,
    /// adding nothing, when the table already holds 4,294,967,294 entries.
    pub fn insert(&mut self, fingerprint: u64, value: u64) -> bool {
        if self.log.len() >= MAX_ENTRIES {
            return false;
        }
        if self.recent.slots.is_empty() {
            self.recent = Index::with_bits(RECENT_BITS);
        }
        if (self.log.len() - self.flushed + 1) * 2 > self.recent.slots.len() {
            self.flush();
        }
        self.log.push([fingerprint, value]);
        self.recent.put(fingerprint, self.log.len() as u64);
        true
    }

    /// Moves the recent entries to the main index (growing it and the filter as needed).
    fn flush(&mut self) {
        let total = self.log.len();
        if total * 2 > self.main.slots.len() {
            let bits = (total * 2)
                .next_power_of_two()
                .trailing_zeros()
                .max(RECENT_BITS + 1);
            let old = std::mem::replace(&mut self.main, Index::with_bits(bits));
            // Old slots in order give new homes in order: the new index is written as a stream.
            for e in old.slots.into_iter().filter(|e| *e != 0) {
                let mask = self.main.mask();
                let mut i = self.main.home(e);
                while self.main.slots[i] != 0 {
                    i = (i + 1) & mask;
                }
                self.main.slots[i] = e;
            }
            // Four bits per slot: 8 to 16 per entry, as the index is a quarter to half full.
            self.filter = vec![0; self.main.slots.len() / 16];
            for n in 0..self.flushed {
                let f = self.log[n][0];
                let (w, b) = self.filter_bit(f);
                self.filter[w] |= b;
            }
        }
        // Recent slots in order give main homes in order (both come from the high bits).
        let recent = std::mem::take(&mut self.recent.slots);
        for e in recent.iter().copied().filter(|e| *e != 0) {
            let place = (e & !HIGH) as usize;
            if let Some([f, _]) = self.log.get(place.wrapping_sub(1)) {
                let f = *f;
                self.main.put(f, place as u64);
                let (w, b) = self.filter_bit(f);
                if let Some(word) = self.filter.get_mut(w) {
                    *word |= b;
                }
            }
        }
        self.recent.slots = recent;
        self.recent.clear();
        self.flushed = total;
    }

    /// The values added under `fingerprint` (in no particular order).
    pub fn values(&self, fingerprint: u64) -> impl Iterator<Item = u64> + '_ {
        let (w, b) = self.filter_bit(fingerprint);
        let in_main = self.filter.get(w).is_some_and(|word| word & b != 0);
        let main = in_main.then(|| self.main.candidates(fingerprint));
        self.recent
            .candidates(fingerprint)
            .chain(main.into_iter().flatten())
            .filter_map(move |place| match self.log.get(place) {
                Some([f, v]) if *f == fingerprint => Some(*v),
                _ => None,
            })
    }

    /// True when `fingerprint` has a value.
    pub fn contains(&self, fingerprint: u64) -> bool {
        self.values(fingerprint).next().is_some()
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
        assert!(t.main.slots.len() >= 2 * t.flushed);
        assert!(t.flushed > 0 && t.flushed < 100_000);
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
        /// flushes to the main index, with many keys sharing their high bits.
        #[test]
        fn behaves_as_a_multimap(pairs in proptest::collection::vec((0u64..5000, any::<u64>()), 0..40_000)) {
            let fingerprint = |k: u64| (k % 64).rotate_right(6) ^ k.wrapping_mul(0x9E37_79B9);
            let mut t = KeyTable::new();
            let mut m: HashMap<u64, Vec<u64>> = HashMap::new();
            for (k, v) in &pairs {
                t.insert(fingerprint(*k), *v);
                m.entry(*k).or_default().push(*v);
            }
            prop_assert_eq!(t.len(), pairs.len());
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
