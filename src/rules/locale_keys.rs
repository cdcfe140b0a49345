//! Helpers shared by the locale rules (where locale-keyed maps live is [`crate::facts`]'s).

/// `ll-CC`: two lower-case letters, a hyphen, two upper-case letters.
pub(crate) fn is_well_formed(locale: &str) -> bool {
    let bytes = locale.as_bytes();
    bytes.len() == 5
        && bytes[..2].iter().all(u8::is_ascii_lowercase)
        && bytes[2] == b'-'
        && bytes[3..].iter().all(u8::is_ascii_uppercase)
}
