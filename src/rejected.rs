//! A rejected input kept inside an error without allocating, so parse errors work in `no_std`.

use core::fmt;

const CAPACITY: usize = 64;

/// Up to 64 bytes of a rejected string, cut at a character boundary. `Display` quotes it like
/// `{:?}` does and marks a cut with `…`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Rejected {
    bytes: [u8; CAPACITY],
    len: u8,
    truncated: bool,
}

impl Rejected {
    pub(crate) fn new(s: &str) -> Self {
        let mut len = s.len().min(CAPACITY);
        while !s.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; CAPACITY];
        bytes[..len].copy_from_slice(&s.as_bytes()[..len]);
        Rejected {
            bytes,
            len: len as u8,
            truncated: len < s.len(),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Always a prefix of a `str` cut at a character boundary.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.truncated {
            write!(f, "{:?}…", self.as_str())
        } else {
            write!(f, "{:?}", self.as_str())
        }
    }
}

impl fmt::Debug for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate alloc;
    use alloc::string::ToString;

    #[test]
    fn keeps_short_values_and_cuts_long_ones_at_a_char_boundary() {
        assert_eq!(Rejected::new("x\"y").to_string(), r#""x\"y""#);
        let long = "支".repeat(30); // 90 bytes
        let r = Rejected::new(&long);
        assert_eq!(r.as_str(), "支".repeat(21)); // 63 bytes
        assert!(r.to_string().ends_with('…'));
    }
}
