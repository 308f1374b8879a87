//! Turning text into tokens for content embeddings, for English and Japanese alike.
//!
//! Text is NFKC-normalised (full-width letters and digits become ASCII, half-width kana become
//! full-width) and lower-cased. Runs of Latin letters and digits become words (English stop
//! words and one-letter words dropped). Japanese has no spaces and no dictionary can be
//! downloaded here, so runs of kana and kanji become overlapping character bigrams (a run of one
//! character stays a unigram) — the standard dictionary-free approach for CJK retrieval.
//!
//! Each text (one field of one row) has its language detected with `whatlang` ([`language`]);
//! English stop words are removed only from English text (or Latin text too short to tell), so
//! a French "a" or a German "die" are not dropped as if they were English.

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

/// The language of a text as an ISO 639-3 code ("eng", "jpn", "fra"…), or `None` when the text
/// has no letters. Any kana makes it Japanese (whatlang would call kanji-heavy Japanese
/// Mandarin); otherwise whatlang decides, and a guess it marks unreliable (short Latin text such
/// as a café's name) counts as English, the language of the app's other default.
#[must_use]
pub fn language(text: &str) -> Option<&'static str> {
    if text.chars().any(|c| matches!(c as u32, 0x3040..=0x30FF)) {
        return Some("jpn");
    }
    if !text.chars().any(char::is_alphabetic) {
        return None;
    }
    match whatlang::detect(text) {
        Some(info) if info.is_reliable() => Some(info.lang().code()),
        Some(info) if info.script() != whatlang::Script::Latin => Some(info.lang().code()),
        _ => Some("eng"),
    }
}

/// Tokens of a text: words (English stop words dropped when the line is English) and Japanese
/// character bigrams. Each line's language is detected on its own, so a row's fields can be
/// joined by newlines (an English title, a Japanese title, a description).
#[must_use]
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        line_tokens(line, &mut out);
    }
    out
}

fn line_tokens(text: &str, out: &mut Vec<String>) {
    let english = language(text) == Some("eng");
    let text = normalize(text);
    let mut word = String::new();
    let mut ja: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, out: &mut Vec<String>| {
        if word.chars().count() > 1 && !(english && STOP_WORDS.contains(&word.as_str())) {
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
            flush_word(&mut word, out);
            ja.push(c);
        } else if c.is_alphanumeric() {
            flush_ja(&mut ja, out);
            word.push(c);
        } else {
            flush_word(&mut word, out);
            flush_ja(&mut ja, out);
        }
    }
    flush_word(&mut word, out);
    flush_ja(&mut ja, out);
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
    fn language_per_text() {
        assert_eq!(
            language("The quiet café near the station serves strong coffee"),
            Some("eng")
        );
        assert_eq!(language("駅の近くの静かなカフェ"), Some("jpn"));
        assert_eq!(
            language("Le petit café est ouvert tous les jours de la semaine"),
            Some("fra")
        );
        // Too short to tell: treated as English.
        assert_eq!(language("Café Komorebi"), Some("eng"));
        assert_eq!(language("1995 - 2001"), None);
        // Stop words are English: "on" is dropped from English but kept in French, where it
        // is the subject pronoun.
        let en = tokens("We sat on the terrace of the quiet café near the station");
        assert!(!en.contains(&"on".to_owned()), "{en:?}");
        let fr = tokens("On mange très bien dans ce petit café, on y revient toujours");
        assert!(fr.contains(&"on".to_owned()), "{fr:?}");
        // Each line on its own: the English line loses "on", the French one keeps it.
        let both = tokens(
            "Sit on the terrace near the station\nOn mange très bien dans ce petit café, on y revient toujours",
        );
        assert_eq!(both.iter().filter(|t| *t == "on").count(), 2, "{both:?}");
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
