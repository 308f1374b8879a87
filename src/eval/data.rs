//! The evaluation set: train and test interactions over dense user and item indices, from
//! explicit split files (`user item rating timestamp`, tab-separated, no header, original ids)
//! or from a dataset split here.
//!
//! Protocol (the one `shared/bench/peers.py als` uses, so numbers compare exactly):
//! users = ids in train ∪ test, the catalogue = items in train ∪ test, both in ascending id
//! order (numeric when every id is an integer); every distinct train (user, item) pair is one
//! implicit interaction; a user's test set is their distinct test items not already in train;
//! users with an empty test set are not evaluated.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::error::{DataError, Location};

/// One (user id, item id) pair with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// User id as written.
    pub user: String,
    /// Item id as written.
    pub item: String,
}

/// Train and test pairs over dense indices.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalSet {
    /// User ids, ascending.
    pub user_ids: Vec<String>,
    /// Item ids (the catalogue), ascending.
    pub item_ids: Vec<String>,
    /// Per user: distinct train items, sorted.
    pub train: Vec<Vec<u32>>,
    /// Per user: distinct test items not in train, sorted (empty = not evaluated).
    pub test: Vec<Vec<u32>>,
}

impl EvalSet {
    /// Build from train and test pairs.
    #[must_use]
    pub fn from_pairs(train: &[Pair], test: &[Pair]) -> Self {
        let user_ids = sorted_ids(train.iter().chain(test).map(|p| p.user.as_str()));
        let item_ids = sorted_ids(train.iter().chain(test).map(|p| p.item.as_str()));
        let uidx: HashMap<&str, u32> = user_ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i as u32))
            .collect();
        let iidx: HashMap<&str, u32> = item_ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i as u32))
            .collect();
        let mut tr: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); user_ids.len()];
        let mut te: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); user_ids.len()];
        for (pairs, sets) in [(train, &mut tr), (test, &mut te)] {
            for p in pairs {
                if let (Some(&u), Some(&i)) = (uidx.get(p.user.as_str()), iidx.get(p.item.as_str()))
                {
                    sets[u as usize].insert(i);
                }
            }
        }
        let test = te
            .iter()
            .zip(&tr)
            .map(|(t, r)| t.difference(r).copied().collect())
            .collect();
        Self {
            user_ids,
            item_ids,
            train: tr.into_iter().map(|s| s.into_iter().collect()).collect(),
            test,
        }
    }

    /// Number of users.
    #[must_use]
    pub fn users(&self) -> usize {
        self.user_ids.len()
    }

    /// Catalogue size.
    #[must_use]
    pub fn items(&self) -> usize {
        self.item_ids.len()
    }

    /// Users with a non-empty test set, ascending.
    #[must_use]
    pub fn eval_users(&self) -> Vec<u32> {
        (0..self.users() as u32)
            .filter(|&u| !self.test[u as usize].is_empty())
            .collect()
    }

    /// Number of distinct train pairs.
    #[must_use]
    pub fn train_pairs(&self) -> usize {
        self.train.iter().map(Vec::len).sum()
    }

    /// Number of distinct test pairs (after removing those already in train).
    #[must_use]
    pub fn test_pairs(&self) -> usize {
        self.test.iter().map(Vec::len).sum()
    }

    /// Number of train users per item.
    #[must_use]
    pub fn item_popularity(&self) -> Vec<usize> {
        let mut counts = vec![0usize; self.items()];
        for items in &self.train {
            for &i in items {
                counts[i as usize] += 1;
            }
        }
        counts
    }
}

/// Ids in ascending order: numerically when all are integers, else as text.
fn sorted_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let set: BTreeSet<&str> = ids.collect();
    let mut v: Vec<String> = set.into_iter().map(str::to_owned).collect();
    let numeric: Option<Vec<i64>> = v.iter().map(|s| s.parse::<i64>().ok()).collect();
    if let Some(nums) = numeric {
        let mut pairs: Vec<(i64, String)> = nums.into_iter().zip(v).collect();
        pairs.sort_unstable_by_key(|p| p.0);
        v = pairs.into_iter().map(|p| p.1).collect();
    }
    v
}

/// 1-based line number of byte offset `end`.
fn text_lines_before(bytes: &[u8], end: usize) -> u64 {
    bytes[..end].split(|b| *b == b'\n').count() as u64
}

/// Whether the first line of a split file is a header rather than an interaction: its rating
/// field is not a number (`user_id<TAB>item_id<TAB>rating…`), or, with two fields, they are
/// the usual column names (`userId,movieId`).
fn is_header(fields: &[&str]) -> bool {
    if let Some(rating) = fields.get(2) {
        return rating.trim().parse::<f64>().is_err();
    }
    let name = |i: usize, words: &[&str]| {
        let f = fields.get(i).map(|f| f.trim().to_ascii_lowercase());
        f.is_some_and(|f| words.iter().any(|w| f.contains(w)))
    };
    name(0, &["user"]) && name(1, &["item", "movie", "product", "track", "book"])
}

/// Read a split file: `user<TAB>item[<TAB>rating<TAB>timestamp]` (or comma-separated when the
/// first line has no tab), with or without a header line (detected: [`is_header`]); blank
/// lines skipped; CRLF accepted.
///
/// # Errors
/// Missing/unreadable file, non-UTF-8 text, a line with fewer than two fields, an empty file.
pub fn read_split_file(path: &Path) -> Result<Vec<Pair>, DataError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => DataError::FileNotFound { file: file.clone() },
        _ => DataError::Io {
            file: file.clone(),
            reason: e.to_string(),
        },
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = text_lines_before(&bytes, e.valid_up_to());
        DataError::NotUtf8 {
            at: Location {
                file: file.clone(),
                line: Some(line),
                column: None,
                part: crate::error::Part::Column,
            },
        }
    })?;
    let mut out = Vec::new();
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(n, l)| (n, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
        .peekable();
    let sep = match lines.peek() {
        Some((_, first)) if !first.contains('\t') && first.contains(',') => ',',
        _ => '\t',
    };
    if let Some((_, first)) = lines.peek()
        && is_header(&first.split(sep).collect::<Vec<_>>())
    {
        lines.next();
    }
    for (n, line) in lines {
        let mut fields = line.split(sep);
        let (Some(user), Some(item)) = (fields.next(), fields.next()) else {
            let at = Location {
                file: file.clone(),
                line: Some(n as u64 + 1),
                column: None,
                part: crate::error::Part::Column,
            };
            return Err(DataError::TooFewFields { at, found: 1 });
        };
        let (user, item) = (user.trim(), item.trim());
        if user.is_empty() || item.is_empty() {
            let at = Location {
                file: file.clone(),
                line: Some(n as u64 + 1),
                column: None,
                part: crate::error::Part::Column,
            };
            return Err(DataError::EmptyValue { at });
        }
        out.push(Pair {
            user: user.to_owned(),
            item: item.to_owned(),
        });
    }
    if out.is_empty() {
        return Err(DataError::Empty { file });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(u: &str, i: &str) -> Pair {
        Pair {
            user: u.into(),
            item: i.into(),
        }
    }

    #[test]
    fn numeric_ids_sort_as_numbers_and_test_excludes_train() {
        let train = [p("10", "2"), p("2", "10"), p("2", "10"), p("10", "3")];
        let test = [p("2", "3"), p("10", "2"), p("2", "10")];
        let s = EvalSet::from_pairs(&train, &test);
        assert_eq!(s.user_ids, ["2", "10"]);
        assert_eq!(s.item_ids, ["2", "3", "10"]);
        assert_eq!(s.train, vec![vec![2], vec![0, 1]]);
        // user 2's test item 10 is already in train; user 10's item 2 too.
        assert_eq!(s.test, vec![vec![1], vec![]]);
        assert_eq!(s.eval_users(), [0]);
        assert_eq!(s.item_popularity(), [1, 1, 1]);
    }

    #[test]
    fn split_file_errors() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("t.tsv");
        std::fs::write(&f, "1\t2\t5\t100\r\n\n3\n").unwrap();
        let e = read_split_file(&f).unwrap_err().to_string();
        assert!(e.ends_with("t.tsv:3: expected tab-separated user and item ids (user<TAB>item<TAB>rating<TAB>timestamp), found 1 field(s)"), "{e}");
        std::fs::write(&f, "").unwrap();
        assert!(matches!(read_split_file(&f), Err(DataError::Empty { .. })));
        let missing = dir.path().join("nope.tsv");
        let e = read_split_file(&missing).unwrap_err().to_string();
        assert_eq!(e, format!("{}: file not found", missing.display()));
    }

    #[test]
    fn a_header_line_is_detected_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("train.tsv");
        std::fs::write(&f, "user_id\titem_id\trating\ttimestamp\n1\t2\t5\t100\n").unwrap();
        assert_eq!(read_split_file(&f).unwrap(), [p("1", "2")]);
        std::fs::write(&f, "userId,movieId\n3,4\n").unwrap();
        assert_eq!(read_split_file(&f).unwrap(), [p("3", "4")]);
        // Ids that look like words are data when the rating is a number.
        std::fs::write(&f, "user\titem\t4\n").unwrap();
        assert_eq!(read_split_file(&f).unwrap(), [p("user", "item")]);
        // A later bad line is named by its line in the file (the header is line 1).
        std::fs::write(&f, "user\titem\trating\n1\t2\t3\n\t9\t1\n").unwrap();
        let e = read_split_file(&f).unwrap_err().to_string();
        assert_eq!(
            e,
            format!("{}:3: empty value (a value is required here)", f.display())
        );
    }
}
