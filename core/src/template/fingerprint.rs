//! Fingerprints and hashing for the destinations template's memory: the map hasher
//! ([`Mix64`]), the 64-bit fingerprint of an enrolment that the [`super::KeyTable`] remembers
//! ([`enrolment_key`]), and the code cache's key and slot for a code as typed
//! ([`packed_spelling`], [`spelling_slot`]), with the word-at-a-time byte reading they share.

use crate::identifiers::{Ukprn, Uln};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A 64-bit mixer (MurmurHash3's finaliser) used as the map hasher for fingerprints and
/// addresses: deterministic (no random seed: the core has no randomness) and cheap.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Mix64(u64);

fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

impl Hasher for Mix64 {
    fn finish(&self) -> u64 {
        fmix64(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
    fn write_usize(&mut self, n: usize) {
        self.0 ^= n as u64;
    }
}

pub(super) type MixMap<K, V> = HashMap<K, V, BuildHasherDefault<Mix64>>;

/// Slots of the code cache (a power of two).
pub(super) const CODE_CACHE_SLOTS: usize = 256;

/// A code field as typed (trimmed) of at most 15 bytes, packed with its length into 128 bits:
/// the code cache's key. `None` for a longer field (not cached).
#[inline]
pub(super) fn packed_spelling(typed: &[u8]) -> Option<u128> {
    let b = typed;
    if b.len() > 15 {
        return None;
    }
    let low = u128::from(le_word(b));
    let high = u128::from(le_word(b.get(8..).unwrap_or_default()));
    Some(low | high << 64 | (b.len() as u128) << 120)
}

/// The code cache's slot for a packed spelling.
#[inline]
pub(super) fn spelling_slot(packed: u128) -> usize {
    // Fibonacci hashing: the top bits of a multiply by 2⁶⁴/φ (a collision only costs a miss).
    let folded = (packed as u64) ^ ((packed >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize & (CODE_CACHE_SLOTS - 1)
}

/// Up to 8 bytes of `s` (from `from`), ASCII letters upper-cased, as one little-endian word
/// (zero padded).
#[inline]
fn word(s: &[u8], from: usize) -> u64 {
    let rest = s.get(from..).unwrap_or_default();
    ascii_uppercase_word(le_word(rest))
}

/// The first 8 bytes of `b` (fewer when it is shorter, zero padded) as a little-endian word,
/// assembled in registers (a variable-length copy to memory and a load would stall).
#[inline]
fn le_word(b: &[u8]) -> u64 {
    let n = b.len();
    match (
        b.first_chunk::<8>(),
        b.first_chunk::<4>(),
        b.last_chunk::<4>(),
    ) {
        (Some(eight), _, _) => u64::from_le_bytes(*eight),
        // 4 to 7 bytes: the first four and the last four, overlapping (the bytes they share
        // are the same, so OR-ing them is exact).
        (None, Some(first), Some(last)) => {
            u64::from(u32::from_le_bytes(*first))
                | u64::from(u32::from_le_bytes(*last)) << (8 * (n - 4))
        }
        _ => b
            .iter()
            .enumerate()
            .fold(0, |w, (i, c)| w | u64::from(*c) << (8 * i)),
    }
}

/// The eight bytes of `w` with ASCII `a`-`z` upper-cased (other bytes unchanged), all at once:
/// per byte, bit 7 of `(b & 0x7F) + (0x80 - 'a')` says b ≥ 'a', of `(b & 0x7F) + (0x80 - 'z' - 1)`
/// says b > 'z'; a byte with its own bit 7 set is not ASCII.
#[inline]
fn ascii_uppercase_word(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = w & (0x7F * ONES);
    let from_a = low7 + (0x80 - u64::from(b'a')) * ONES;
    let after_z = low7 + (0x80 - u64::from(b'z') - 1) * ONES;
    let lower = from_a & !after_z & !w & (0x80 * ONES);
    w ^ (lower >> 2)
}

/// The fingerprint of an enrolment: UKPRN, ULN, learner reference and aim reference (both
/// references compared ignoring case, as ESFA R71 compares learner references), hashed to 64
/// bits.
///
/// The enrolment is first laid out, without loss, in six words: the ULN's first eight digits
/// (as bytes), its last two with the UKPRN, the learner reference in two words and the aim
/// reference in one (references are at most 12 and 8 characters of letters, digits and spaces,
/// so zero padding tells their lengths apart). Pairs of words are mixed by a full 64×64→128-bit
/// multiply folded to 64 bits (as wyhash does), three multiplies side by side rather than one
/// after another, and MurmurHash3's finaliser spreads the result. Two different enrolments share
/// a fingerprint with probability about n²/2⁶⁵: 3 in 100 million for a million rows.
#[inline]
pub(super) fn enrolment_key(ukprn: Ukprn, uln: Uln, learn_ref: &[u8], aim_ref: &[u8]) -> u64 {
    const K: [u64; 6] = [
        0xa076_1d64_78bd_642f,
        0xe703_7ed1_a0b4_28db,
        0x8ebc_6af0_9c88_c6e3,
        0x5899_65cc_7537_4cc3,
        0x1d8e_4e27_c47d_124f,
        0x9E37_79B9_7F4A_7C15,
    ];
    let (l, a) = (learn_ref, aim_ref);
    let digits = uln.digits();
    let head = le_word(digits);
    let tail = u64::from(digits[8]) | u64::from(digits[9]) << 8;
    let id = u64::from(ukprn.get()) | tail << 32;
    let h = mum(head ^ K[0], word(l, 0) ^ K[1])
        ^ mum(id ^ K[2], word(a, 0) ^ K[3])
        ^ mum(word(l, 8) ^ K[4], K[5]);
    fmix64(h)
}

/// The 128-bit product of two words, folded to 64 bits (high half xor low half).
#[inline]
fn mum(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uppercase_word_is_ascii_uppercase() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = *b"aZ0 z{`\xff";
                bytes[at] = b;
                let want = bytes.map(|c| c.to_ascii_uppercase());
                let got = ascii_uppercase_word(u64::from_le_bytes(bytes)).to_le_bytes();
                assert_eq!(got, want, "byte {b:#x} at {at}");
            }
        }
        assert_eq!(word(b"lrn12", 0), u64::from_le_bytes(*b"LRN12\0\0\0"));
        assert_eq!(
            word(b"abcdefghij", 8),
            u64::from_le_bytes(*b"IJ\0\0\0\0\0\0")
        );
        assert_eq!(word(b"abc", 8), 0);
        for text in [
            "",
            "a",
            "ab",
            "abc",
            "EMP1",
            "EMP 1",
            "WMCA1.0",
            "WMCA10.2",
            "LRN000000001",
        ] {
            let b = text.as_bytes();
            let want = b
                .iter()
                .take(8)
                .enumerate()
                .fold(0u64, |w, (i, c)| w | u64::from(*c) << (8 * i));
            assert_eq!(le_word(b), want, "{text}");
        }
    }

    #[test]
    fn code_cache_keys_tell_spellings_apart() {
        let a = packed_spelling(b"EMP1").unwrap();
        assert_ne!(Some(a), packed_spelling(b"EMP1\0"));
        assert_ne!(Some(a), packed_spelling(b"emp1"));
        assert!(packed_spelling(b"WMCA10.2").is_some());
        assert!(packed_spelling(b"0123456789abcdef").is_none());
        assert!(spelling_slot(a) < CODE_CACHE_SLOTS);
    }

    #[test]
    fn enrolment_key_ignores_case_only() {
        let u = Ukprn::parse("10012345").unwrap();
        let l = Uln::parse("9276308686").unwrap();
        let key = |u, l, lrn: &str, aim: &str| enrolment_key(u, l, lrn.as_bytes(), aim.as_bytes());
        assert_eq!(key(u, l, "lrn1", "z0002406"), key(u, l, "LRN1", "Z0002406"));
        assert_ne!(key(u, l, "LRN1", "Z0002406"), key(u, l, "LRN1Z", "0002406"));
        assert_ne!(key(u, l, "LRN1", "Z0002406"), key(u, l, "LRN1", "Z0002407"));
        assert_ne!(
            key(u, l, "LRN1", "A"),
            key(Ukprn::parse("10012346").unwrap(), l, "LRN1", "A")
        );
        assert_ne!(
            key(u, l, "LRN1", "A"),
            key(u, Uln::parse("1000000043").unwrap(), "LRN1", "A")
        );
    }
}
