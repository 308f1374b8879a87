//! [`StrColumn`]: the strings of one column (ids, names, categories) in one buffer.
//!
//! **Why not `Vec<String>`.** Each `String` is 24 bytes of header plus its own heap block: at
//! 1M rows an id column of 7-character ids took 32 MB, and a table held three such columns
//! (ids, names that repeat the ids when a file has no name column, categories), 95 MB of the
//! ~640 MB peak of an in-app t-SNE of 1M × 64 vectors (256 MB raw). Here a row costs its bytes
//! plus a 4-byte end offset (8 bytes once a column holds over 4 GiB of text), and a column is
//! shared, not copied, when cloned: a name column equal to the id column is the same buffer.
//!
//! The column is immutable once built, except [`StrColumn::push`] and [`StrColumn::set`],
//! which copy the buffer first if it is shared.

use std::fmt;
use std::sync::Arc;

/// Where each string ends in the text: 4 bytes a row while the text fits `u32`.
#[derive(Clone, PartialEq, Eq, Default)]
enum Ends {
    #[default]
    Small,
    Large,
}

#[derive(Clone, Default)]
struct Inner {
    text: String,
    small: Vec<u32>,
    large: Vec<u64>,
    ends: Ends,
}

impl Inner {
    fn len(&self) -> usize {
        match self.ends {
            Ends::Small => self.small.len(),
            Ends::Large => self.large.len(),
        }
    }

    fn end(&self, i: usize) -> Option<usize> {
        match self.ends {
            Ends::Small => self.small.get(i).map(|&e| e as usize),
            Ends::Large => self.large.get(i).map(|&e| e as usize),
        }
    }

    fn get(&self, i: usize) -> Option<&str> {
        let end = self.end(i)?;
        let start = match i.checked_sub(1) {
            Some(p) => self.end(p)?,
            None => 0,
        };
        self.text.get(start..end)
    }

    fn push(&mut self, s: &str) {
        self.push_below(s, u32::MAX as usize);
    }

    /// [`Self::push`], switching to 8-byte offsets once the text passes `small_max` bytes.
    fn push_below(&mut self, s: &str, small_max: usize) {
        self.text.push_str(s);
        let end = self.text.len();
        if self.ends == Ends::Small {
            if end <= small_max
                && let Ok(e) = u32::try_from(end)
            {
                self.small.push(e);
                return;
            }
            self.large = self.small.iter().map(|&e| u64::from(e)).collect();
            self.small = Vec::new();
            self.ends = Ends::Large;
        }
        self.large.push(end as u64);
    }

    fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.small.shrink_to_fit();
        self.large.shrink_to_fit();
    }
}

/// The strings of one column, in one buffer; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct StrColumn(Arc<Inner>);

/// The strings of a [`StrColumn`] in order.
#[derive(Clone)]
pub struct Iter<'a> {
    column: &'a StrColumn,
    rows: std::ops::Range<usize>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let i = self.rows.next()?;
        self.column.get(i)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.rows.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let i = self.rows.next_back()?;
        self.column.get(i)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl StrColumn {
    /// Number of strings.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no strings.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// String `i`, if there is one.
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&str> {
        self.0.get(i)
    }

    /// The strings in order.
    #[must_use]
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            column: self,
            rows: 0..self.len(),
        }
    }

    /// Append a string (the buffer is copied first if another table shares it).
    pub fn push(&mut self, s: &str) {
        Arc::make_mut(&mut self.0).push(s);
    }

    /// Replace string `i` (rebuilds the column: for edits, not for loading). Out of range does
    /// nothing.
    pub fn set(&mut self, i: usize, s: &str) {
        if i < self.len() {
            *self = self
                .iter()
                .enumerate()
                .map(|(j, v)| if j == i { s } else { v })
                .collect();
        }
    }

    /// Whether both share one buffer (a clone, or a column set equal to another).
    #[must_use]
    pub fn shares_with(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Index<usize> for StrColumn {
    type Output = str;

    /// String `i`; out of range panics, as a `Vec` index does.
    fn index(&self, i: usize) -> &str {
        match self.get(i) {
            Some(s) => s,
            None => panic!("string {i} of a column of {}", self.len()),
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for StrColumn {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut inner = Inner::default();
        for s in iter {
            inner.push(s.as_ref());
        }
        inner.shrink();
        Self(Arc::new(inner))
    }
}

impl From<Vec<String>> for StrColumn {
    fn from(v: Vec<String>) -> Self {
        let mut inner = Inner {
            text: String::with_capacity(v.iter().map(String::len).sum()),
            small: Vec::with_capacity(v.len()),
            ..Inner::default()
        };
        for s in v {
            inner.push(&s);
        }
        inner.shrink();
        Self(Arc::new(inner))
    }
}

impl PartialEq for StrColumn {
    fn eq(&self, other: &Self) -> bool {
        self.shares_with(other) || (self.len() == other.len() && self.iter().eq(other.iter()))
    }
}

impl Eq for StrColumn {}

impl<S: AsRef<str>> PartialEq<[S]> for StrColumn {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for StrColumn {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for StrColumn {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

/// A sequence of strings, as `Vec<String>` is (the workspace keeps a run's item ids so).
impl serde::Serialize for StrColumn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for StrColumn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(d).map(Self::from)
    }
}

impl fmt::Debug for StrColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a StrColumn {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_as_given_including_empty_ones() {
        let c: StrColumn = ["kissa", "", "喫茶店", "b"].iter().collect();
        assert_eq!(c.len(), 4);
        assert_eq!(c.get(0), Some("kissa"));
        assert_eq!(c.get(1), Some(""));
        assert_eq!(&c[2], "喫茶店");
        assert_eq!(c.get(4), None);
        assert_eq!(c, ["kissa", "", "喫茶店", "b"]);
        assert_eq!(c.iter().next_back(), Some("b"));
        assert_eq!(format!("{c:?}"), r#"["kissa", "", "喫茶店", "b"]"#);
    }

    #[test]
    fn a_clone_shares_the_buffer_until_one_side_changes() {
        let a = StrColumn::from(vec!["x".to_owned(), "y".to_owned()]);
        let mut b = a.clone();
        assert!(b.shares_with(&a));
        b.push("z");
        assert!(!b.shares_with(&a));
        assert_eq!(a, ["x", "y"]);
        assert_eq!(b, ["x", "y", "z"]);
        b.set(0, "w");
        b.set(9, "ignored");
        assert_eq!(b, ["w", "y", "z"]);
    }

    #[test]
    fn offsets_widen_when_the_text_passes_four_gib() {
        // The switch itself, with the limit at 3 bytes: the same strings either way.
        let mut inner = Inner::default();
        inner.push_below("ab", 3);
        inner.push_below("c", 3);
        assert!(inner.ends == Ends::Small);
        inner.push_below("def", 3);
        assert!(inner.ends == Ends::Large);
        assert!(inner.small.is_empty());
        assert_eq!(inner.len(), 3);
        let wide = StrColumn(Arc::new(inner.clone()));
        assert_eq!(wide, StrColumn::from_iter(["ab", "c", "def"]));
        assert_eq!(
            (0..3).map(|i| inner.get(i)).collect::<Vec<_>>(),
            [Some("ab"), Some("c"), Some("def")]
        );
    }

    #[test]
    fn json_is_a_list_of_strings_both_ways() {
        let c: StrColumn = ["a", "", "カフェ"].iter().collect();
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(text, r#"["a","","カフェ"]"#);
        let back: StrColumn = serde_json::from_str(&text).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn a_row_costs_its_bytes_and_four() {
        let c: StrColumn = (0..1000).map(|i| format!("p{i:05}")).collect();
        assert_eq!(c.0.text.capacity(), 6000);
        assert_eq!(c.0.small.capacity(), 1000);
    }
}
