//! Turning text into tokens for content embeddings, for English and Japanese alike.
//!
//! Text is NFKC-normalised (full-width letters and digits become ASCII, half-width kana become
//! full-width) and lower-cased. Runs of Latin letters and digits become words (English stop
//! words and one-letter words dropped). Japanese has no spaces and no dictionary can be
//! downloaded here, so runs of kana and kanji become overlapping character bigrams (a run of one
//! character stays a unigram) — the standard dictionary-free approach for CJK retrieval.

use unicode_normalization::UnicodeNormalization as _;

/// A small English stop-word list (function words that carry no topic).
const STOP_WORDS: [&str; 64] = [
    "a", "about", "after", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "do", "for", "from", "had", "has", "have", "he", "her", "his", "how", "if", "in",
    "into", "is", "it", "its", "just", "more", "most", "no", "not", "of", "on", "one", "or", "our",
    "out", "she", "so", "some", "than", "that", "the", "their", "them", "then", "there", "they",
    "this", "to", "up", "was", "we", "were", "what", "when", "which", "who", "with",
];

/// Is `c` Japanese script (hiragana, katakana, CJK ideographs, the prolonged-sound mark)?
#[must_use]
pub fn is_japanese_char(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x309F | 0x30A0..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// NFKC + lower case.
#[must_use]
pub fn normalize(text: &str) -> String {
    text.nfkc().collect::<String>().to_lowercase()
}

/// Tokens of a text: English words (no stop words) and Japanese character bigrams.
#[must_use]
pub fn tokens(text: &str) -> Vec<String> {
    let text = normalize(text);
    let mut out = Vec::new();
    let mut word = String::new();
    let mut ja: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, out: &mut Vec<String>| {
        if word.chars().count() > 1 && !STOP_WORDS.contains(&word.as_str()) {
            out.push(std::mem::take(word));
        }
        word.clear();
    };
    let flush_ja = |ja: &mut Vec<char>, out: &mut Vec<String>| {
        match ja.len() {
            0 => {}
            1 => out.push(ja[0].to_string()),
            _ => out.extend(ja.windows(2).map(|w| w.iter().collect::<String>())),
        }
        ja.clear();
    };
    for c in text.chars() {
        if is_japanese_char(c) {
            flush_word(&mut word, &mut out);
            ja.push(c);
        } else if c.is_alphanumeric() {
            flush_ja(&mut ja, &mut out);
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            flush_ja(&mut ja, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_ja(&mut ja, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_without_stop_words() {
        assert_eq!(
            tokens("The Quiet Café, and a LATTE!"),
            ["quiet", "café", "latte"]
        );
    }

    #[test]
    fn japanese_bigrams_and_nfkc() {
        // Full-width "ＡＢＣ" becomes "abc"; half-width "ｶﾚｰ" becomes "カレー".
        assert_eq!(tokens("ＡＢＣ ｶﾚｰ"), ["abc", "カレ", "レー"]);
        assert_eq!(tokens("駅の近く"), ["駅の", "の近", "近く"]);
        assert_eq!(tokens("夏"), ["夏"]);
        assert_eq!(tokens("激辛curry"), ["激辛", "curry"]);
    }
}
