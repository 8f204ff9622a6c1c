//! Limits every host applies the same way to what it is given.

/// The deepest nesting a host converts when it turns its own values (Python dicts and lists,
/// JavaScript objects and arrays) into plain data for the core: a value inside this many
/// containers, the top level counting as one. No options object, answers document or survey
/// definition comes near it; deeper input is a mistake or an attack, and the host refuses it as
/// [`crate::Error::InputTooDeep`] before its conversion recurses further, so neither the host's
/// stack nor the core's readers are asked to go that deep.
///
/// ```
/// assert_eq!(learner_destinations::limits::MAX_DEPTH, 200);
/// ```
pub const MAX_DEPTH: usize = 200;

/// The most characters of a message a host hands its caller whole (a thrown error's, or a
/// finding's as a binding returns it). A longer one, a message echoing a long input (a CSV
/// passed where a path was wanted, say), keeps its first [`MESSAGE_HEAD`] and last
/// [`MESSAGE_TAIL`] characters, so it still names the problem and says what to do, without
/// carrying the input (and the learners' data in it) into logs.
pub const MESSAGE_LIMIT: usize = 600;
/// Characters kept from the start of a message longer than [`MESSAGE_LIMIT`].
pub const MESSAGE_HEAD: usize = 360;
/// Characters kept from the end of a message longer than [`MESSAGE_LIMIT`].
pub const MESSAGE_TAIL: usize = 200;

/// `message`, at most about [`MESSAGE_LIMIT`] characters: the middle of a longer one is
/// replaced by `[... N characters left out ...]`.
///
/// ```
/// use learner_destinations::limits::{capped_message, MESSAGE_LIMIT};
/// assert_eq!(capped_message("short".to_string()), "short");
/// let long = format!("bad value '{}': give a path", "x".repeat(10_000));
/// let capped = capped_message(long);
/// assert!(capped.starts_with("bad value 'xxx") && capped.ends_with("': give a path"));
/// assert!(capped.contains("[... 9465 characters left out ...]"));
/// assert!(capped.chars().count() < MESSAGE_LIMIT);
/// ```
pub fn capped_message(message: String) -> String {
    let count = message.chars().count();
    if count <= MESSAGE_LIMIT {
        return message;
    }
    let head: String = message.chars().take(MESSAGE_HEAD).collect();
    let tail: String = message.chars().skip(count - MESSAGE_TAIL).collect();
    let left_out = count - MESSAGE_HEAD - MESSAGE_TAIL;
    format!("{head}[... {left_out} characters left out ...]{tail}")
}

/// The most characters of one given value or key (an option's name, a path, a cell) a host
/// echoes in a message it builds itself.
pub const ECHO_LIMIT: usize = 200;

/// `text` as a message may echo it: whole when it has at most [`ECHO_LIMIT`] characters, else
/// its first [`ECHO_LIMIT`] characters and how long it is.
///
/// ```
/// use learner_destinations::limits::excerpt;
/// assert_eq!(excerpt("ukrpn"), "ukrpn");
/// let long = "é".repeat(250);
/// assert_eq!(excerpt(&long), format!("{}... (250 characters)", "é".repeat(200)));
/// ```
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(ECHO_LIMIT) {
        None => text.to_string(),
        Some((end, _)) => format!("{}... ({} characters)", &text[..end], text.chars().count()),
    }
}
