//! Usernames and passwords for imported learners, under the policies the UCAS Progress manual
//! states (sections 3.3, 3.4, 5.1 and 7.5).
//!
//! Randomness comes from a [`RandomSource`] the caller passes, so the core stays pure and
//! testable; the CLI and bindings pass the operating system's secure generator.

use crate::finding::{FindingKind, Refusal, Severity};
use std::collections::{HashMap, HashSet};

/// A username whose length is outside the policy.
pub static USERNAME_LENGTH: FindingKind = FindingKind {
    code: "username_length",
    severity: Severity::Error,
    summary: "A learner username has 6 to 127 characters; a staff username 6 to 256.",
    source: "UCAS Progress learner manager manual 5.1 (learner: 6-127) and 3.3 (own account: 6-256)",
    mirrors: None,
};

/// A username with a character outside letters, digits and `@ . _ -`.
pub static USERNAME_CHARACTERS: FindingKind = FindingKind {
    code: "username_characters",
    severity: Severity::Error,
    summary: "A username contains only letters, digits and the characters @ . _ -.",
    source: "UCAS Progress learner manager manual 3.3 and 5.1",
    mirrors: None,
};

/// A password whose length is outside 6 to 20 characters.
pub static PASSWORD_LENGTH: FindingKind = FindingKind {
    code: "password_length",
    severity: Severity::Error,
    summary: "A password has 6 to 20 characters.",
    source: "UCAS Progress learner manager manual 3.4 and 5.1",
    mirrors: None,
};

/// A password without a letter, or without a number or symbol.
pub static PASSWORD_COMPOSITION: FindingKind = FindingKind {
    code: "password_composition",
    severity: Severity::Error,
    summary: "A password contains at least one letter and at least one number or symbol, and no spaces or control characters.",
    source: "UCAS Progress learner manager manual 3.4 and 5.1",
    mirrors: None,
};

/// The kinds of finding this module declares.
pub static KINDS: &[&FindingKind] = &[
    &USERNAME_LENGTH,
    &USERNAME_CHARACTERS,
    &PASSWORD_LENGTH,
    &PASSWORD_COMPOSITION,
];

/// Whose username is checked: the limits differ. A learner's when not said (the accounts this
/// library issues).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AccountKind {
    /// A learner account: 6 to 127 characters (manual 5.1).
    #[default]
    Learner,
    /// A staff account (learner manager and other roles): 6 to 256 characters (manual 3.3).
    Staff,
}

impl AccountKind {
    /// The inclusive length limits.
    pub fn username_lengths(self) -> (usize, usize) {
        match self {
            AccountKind::Learner => (6, 127),
            AccountKind::Staff => (6, 256),
        }
    }
}

fn username_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-')
}

/// Checks a proposed username; the refusal says which part of the policy it breaks.
///
/// ```
/// use learner_destinations::learners::{AccountKind, check_username};
/// assert!(check_username("PMarmoshon", AccountKind::Learner).is_ok());
/// assert_eq!(check_username("pm", AccountKind::Learner).unwrap_err().code(), "username_length");
/// assert_eq!(check_username("p marmoshon", AccountKind::Learner).unwrap_err().code(), "username_characters");
/// ```
pub fn check_username(name: &str, kind: AccountKind) -> Result<(), Refusal> {
    let (min, max) = kind.username_lengths();
    let n = name.chars().count();
    if let Some(c) = name.chars().find(|c| !username_char_ok(*c)) {
        return Err(Refusal::new(
            &USERNAME_CHARACTERS,
            name,
            format!(
                "username '{name}' contains {}; use only letters, digits and @ . _ -",
                crate::identifiers::describe_char(c)
            ),
        ));
    }
    if n < min || n > max {
        return Err(Refusal::new(
            &USERNAME_LENGTH,
            name,
            format!("username '{name}' has {n} characters; it must have {min} to {max}"),
        ));
    }
    Ok(())
}

/// Checks a proposed password; the refusal says which part of the policy it breaks without
/// echoing the password itself.
///
/// ```
/// use learner_destinations::learners::check_password;
/// assert!(check_password("76L6K6B9").is_ok());
/// assert_eq!(check_password("abcdefgh").unwrap_err().code(), "password_composition");
/// assert_eq!(check_password("a1").unwrap_err().code(), "password_length");
/// ```
pub fn check_password(password: &str) -> Result<(), Refusal> {
    let n = password.chars().count();
    // The value is never echoed: a password must not end up in logs or error files.
    const HIDDEN: &str = "(password not shown)";
    if !(6..=20).contains(&n) {
        return Err(Refusal::new(
            &PASSWORD_LENGTH,
            HIDDEN,
            format!("the password has {n} characters; it must have 6 to 20"),
        ));
    }
    if password
        .chars()
        .any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(Refusal::new(
            &PASSWORD_COMPOSITION,
            HIDDEN,
            "the password contains a space or control character; remove it",
        ));
    }
    if !password.chars().any(char::is_alphabetic) {
        return Err(Refusal::new(
            &PASSWORD_COMPOSITION,
            HIDDEN,
            "the password needs at least one letter",
        ));
    }
    if !password.chars().any(|c| !c.is_alphabetic()) {
        return Err(Refusal::new(
            &PASSWORD_COMPOSITION,
            HIDDEN,
            "the password needs at least one number or symbol",
        ));
    }
    Ok(())
}

/// A source of random bytes, passed in by the caller (the operating system's secure generator
/// in the CLI and bindings; a seeded generator in tests).
///
/// A source that can fail (the operating system's generator) fills the buffer with anything
/// (zeros, say) when it fails and reports the failure from [`RandomSource::take_failure`]: the
/// workflow asks after every learner's credentials and stops the run with
/// [`crate::Error::RandomUnavailable`], so no credentials made from a failed source are used.
pub trait RandomSource {
    /// Fills `buf` with random bytes.
    fn fill_bytes(&mut self, buf: &mut [u8]);

    /// The failure met since the last call, if any (its reason), cleared by the call. A source
    /// that cannot fail keeps this default, which never reports one.
    fn take_failure(&mut self) -> Option<String> {
        None
    }
}

impl<F: FnMut(&mut [u8])> RandomSource for F {
    fn fill_bytes(&mut self, buf: &mut [u8]) {
        self(buf)
    }
}

/// A uniformly random index below `n` (rejection sampling: no modulo bias).
fn random_below(rng: &mut dyn RandomSource, n: u32) -> u32 {
    debug_assert!(n > 0);
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let mut b = [0u8; 4];
        rng.fill_bytes(&mut b);
        let v = u32::from_le_bytes(b);
        if v < zone {
            return v % n;
        }
    }
}

/// Letters and digits without look-alikes (no 0/O, 1/I/L): the alphabet of generated passwords.
pub const PASSWORD_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const PASSWORD_LETTERS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ";
const PASSWORD_DIGITS: &[u8] = b"23456789";

/// Generates an 8-character password from [`PASSWORD_ALPHABET`] with at least one letter and at
/// least one digit, so it always meets [`check_password`], as the manual's generated passwords
/// (`76L6K6B9`) look. Learners are asked to change it at first log-in (manual 5.1).
pub fn generate_password(rng: &mut dyn RandomSource) -> String {
    let mut chars: Vec<u8> = Vec::with_capacity(8);
    chars.push(PASSWORD_LETTERS[random_below(rng, PASSWORD_LETTERS.len() as u32) as usize]);
    chars.push(PASSWORD_DIGITS[random_below(rng, PASSWORD_DIGITS.len() as u32) as usize]);
    while chars.len() < 8 {
        chars.push(PASSWORD_ALPHABET[random_below(rng, PASSWORD_ALPHABET.len() as u32) as usize]);
    }
    // Fisher-Yates, so the guaranteed letter and digit are not always first.
    for i in (1..chars.len()).rev() {
        let j = random_below(rng, (i + 1) as u32) as usize;
        chars.swap(i, j);
    }
    chars.into_iter().map(char::from).collect()
}

/// Transliterates a name to ASCII letters and digits: accents removed (`Zoë` → `Zoe`,
/// `Łukasz` → `Lukasz`, `Søren` → `Soren`), other characters dropped.
pub fn transliterate_name(name: &str) -> String {
    deunicode::deunicode(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Generates learner usernames unique within a batch and against existing usernames
/// (compared case-insensitively, as log-ins are).
///
/// A username is the first name's initial and the last name, transliterated (`Paul Marmoshon`
/// → `PMarmoshon`), padded with digits to the 6-character minimum, and numbered (`PMarmoshon2`,
/// `PMarmoshon3`, ...) when taken. The result always passes [`check_username`] for learners.
#[derive(Debug, Default)]
pub struct UsernameGenerator {
    taken: HashSet<String>,
    next_suffix: HashMap<String, u64>,
}

impl UsernameGenerator {
    /// A generator that avoids `existing` usernames.
    pub fn new<I, S>(existing: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        UsernameGenerator {
            taken: existing
                .into_iter()
                .map(|s| s.as_ref().to_ascii_lowercase())
                .collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// A new unique username for a learner.
    pub fn generate(&mut self, first_name: &str, last_name: &str) -> String {
        let first = transliterate_name(first_name);
        let last = transliterate_name(last_name);
        let mut base: String = first.chars().take(1).chain(last.chars()).collect();
        if base.is_empty() {
            base.push_str("learner");
        }
        // Room for a numeric suffix within the 127-character maximum.
        base.truncate(100);
        while base.len() < 6 {
            base.push('0');
        }
        let key = base.to_ascii_lowercase();
        if self.taken.insert(key.clone()) {
            return base;
        }
        let mut n = self.next_suffix.get(&key).copied().unwrap_or(2);
        loop {
            let candidate = format!("{base}{n}");
            n += 1;
            if self.taken.insert(candidate.to_ascii_lowercase()) {
                self.next_suffix.insert(key, n);
                return candidate;
            }
        }
    }
}

/// The columns of the credentials list, as the manual's "Learners who have not logged on"
/// download shows them (section 7.5).
pub const CREDENTIALS_COLUMNS: [&str; 9] = [
    "Provider",
    "First name",
    "Last name",
    "Postcode",
    "ULN",
    "DOB",
    "Username",
    "Password",
    "Created on",
];

/// A username and password issued to an imported learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCredentials {
    /// The username: unique in the batch and against existing usernames.
    pub username: String,
    /// The first password (the learner changes it at first log-in).
    pub password: String,
}

/// Issues usernames and passwords to a batch of imported learners (manual 7.5: "their passwords
/// and usernames will be automatically generated").
#[derive(Debug, Default)]
pub struct CredentialsIssuer {
    usernames: UsernameGenerator,
}

impl CredentialsIssuer {
    /// An issuer that avoids `existing` usernames.
    pub fn new<I, S>(existing: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        CredentialsIssuer {
            usernames: UsernameGenerator::new(existing),
        }
    }

    /// Credentials for one learner.
    pub fn issue(
        &mut self,
        first_name: &str,
        last_name: &str,
        rng: &mut dyn RandomSource,
    ) -> IssuedCredentials {
        IssuedCredentials {
            username: self.usernames.generate(first_name, last_name),
            password: generate_password(rng),
        }
    }
}

/// A deterministic generator for tests and reproducible examples (SplitMix64). Not for real
/// passwords: use the operating system's generator there.
#[derive(Debug, Clone)]
pub struct SeededRandom(u64);

impl SeededRandom {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SeededRandom(seed)
    }
}

impl RandomSource for SeededRandom {
    fn fill_bytes(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn username_policy_parts() {
        assert!(check_username("abc@d.e_f-1", AccountKind::Learner).is_ok());
        assert!(check_username(&"a".repeat(127), AccountKind::Learner).is_ok());
        assert!(
            check_username(&"a".repeat(128), AccountKind::Learner)
                .unwrap_err()
                .message
                .contains("6 to 127")
        );
        assert!(check_username(&"a".repeat(256), AccountKind::Staff).is_ok());
        assert!(
            check_username("zoë123", AccountKind::Learner)
                .unwrap_err()
                .message
                .contains("'ë'")
        );
    }

    #[test]
    fn password_policy_parts() {
        assert!(check_password("abc!de").is_ok());
        assert!(
            check_password("abcde")
                .unwrap_err()
                .message
                .contains("5 characters")
        );
        assert!(check_password(&"a1".repeat(11)).is_err());
        assert!(
            check_password("123456")
                .unwrap_err()
                .message
                .contains("letter")
        );
        assert!(check_password("abc def1").is_err());
        assert!(!check_password("abc").unwrap_err().message.contains("abc"));
    }

    #[test]
    fn names_transliterate() {
        let mut g = UsernameGenerator::new(["pmarmoshon"]);
        assert_eq!(g.generate("Paul", "Marmoshon"), "PMarmoshon2");
        assert_eq!(g.generate("Paul", "Marmoshon"), "PMarmoshon3");
        assert_eq!(g.generate("Zoë", "Ó Súilleabháin"), "ZOSuilleabhain");
        assert_eq!(g.generate("Łukasz", "Wąs"), "LWas00");
        assert_eq!(g.generate("", "!!"), "learner");
        assert_eq!(transliterate_name("Søren-Ægir"), "SorenAEgir");
    }

    #[test]
    fn password_alphabet_has_no_lookalikes() {
        for c in b"01OIL" {
            assert!(!PASSWORD_ALPHABET.contains(c));
        }
        let mut rng = SeededRandom::new(7);
        let p = generate_password(&mut rng);
        assert_eq!(p.len(), 8);
        assert_ne!(p, generate_password(&mut rng));
    }

    proptest! {
        #[test]
        fn generated_passwords_meet_policy(seed in any::<u64>()) {
            let mut rng = SeededRandom::new(seed);
            let p = generate_password(&mut rng);
            prop_assert!(check_password(&p).is_ok(), "{}", p);
            prop_assert!(p.bytes().all(|b| PASSWORD_ALPHABET.contains(&b)));
        }

        #[test]
        fn generated_usernames_meet_policy(first in "\\PC{0,20}", last in "\\PC{0,140}") {
            let mut g = UsernameGenerator::default();
            let u = g.generate(&first, &last);
            prop_assert!(check_username(&u, AccountKind::Learner).is_ok(), "{}", u);
        }
    }

    #[test]
    fn issuer_gives_policy_credentials() {
        let mut issuer = CredentialsIssuer::new(["PMarmoshon"]);
        let mut rng = SeededRandom::new(1);
        let a = issuer.issue("Paul", "Marmoshon", &mut rng);
        assert_eq!(a.username, "PMarmoshon2");
        assert!(check_password(&a.password).is_ok());
        assert_eq!(CREDENTIALS_COLUMNS.len(), 9);
    }

    /// 10,000 learners drawn from few names: every username unique and within policy.
    #[test]
    fn unique_across_large_batch_of_repeated_names() {
        let firsts = ["Mohammed", "Olivia", "Amelia", "Noah", "Zoë", "Jo"];
        let lasts = ["Khan", "Smith", "Jones", "Ó Briain", "Li", "Patel", "Wu"];
        let mut g = UsernameGenerator::new(["MKhan", "OSmith2"]);
        let mut seen = HashSet::new();
        for i in 0..10_000 {
            let u = g.generate(firsts[i % firsts.len()], lasts[(i / 3) % lasts.len()]);
            assert!(check_username(&u, AccountKind::Learner).is_ok(), "{u}");
            assert!(seen.insert(u.to_ascii_lowercase()), "duplicate {u}");
            assert_ne!(u.to_ascii_lowercase(), "mkhan");
            assert_ne!(u.to_ascii_lowercase(), "osmith2");
        }
    }
}
