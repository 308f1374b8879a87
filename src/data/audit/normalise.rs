//! The normal form titles and texts are compared in: "Café  Ｍｏｎｏ!" and "cafe mono" are the
//! same title.
//!
//! NFKC (full-width letters and digits become ASCII, half-width kana full-width), accents
//! dropped from Latin and other non-Japanese letters (é → e), lower case, and every run of
//! whitespace or punctuation collapsed into one space. Japanese voiced marks are kept (ガ stays
//! ガ: カラス and ガラス are different words).

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use crate::text::is_japanese_char;

/// The normalised form of `text` (see the module docs); `""` when it has no letters or digits.
#[must_use]
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut emit = |c: char| {
        if !c.is_alphanumeric() {
            space = true;
            return;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    };
    for c in text.nfkc() {
        if is_japanese_char(c) {
            emit(c);
        } else {
            // Accents go: é → e + combining acute → e.
            std::iter::once(c)
                .nfd()
                .filter(|d| !is_combining_mark(*d))
                .for_each(&mut emit);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_case_accents_spacing_and_punctuation() {
        assert_eq!(normalise("Café Ｍｏｎｏ"), "cafe mono");
        assert_eq!(normalise("  cafe   mono!! "), "cafe mono");
        assert_eq!(normalise("THE\tSilent—River."), "the silent river");
        assert_eq!(normalise("ｶﾌｪ・モノ"), "カフェ モノ");
        assert_eq!(normalise("Ｎｏ．１２"), "no 12");
        assert_eq!(normalise("...!"), "");
    }

    #[test]
    fn japanese_voiced_marks_stay() {
        assert_eq!(normalise("ガラス"), "ガラス");
        assert_ne!(normalise("ガラス"), normalise("カラス"));
        // Half-width ｶﾞ composes to ガ under NFKC.
        assert_eq!(normalise("ｶﾞﾗｽ"), "ガラス");
    }
}
