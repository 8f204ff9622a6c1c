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
