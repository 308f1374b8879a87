//! Vector files other tools write, loaded as a catalogue of items that carry their own vectors
//! (the "imported vectors" method):
//! - **TensorFlow Embedding Projector**: `vectors.tsv` (tab-separated numbers, no header) and an
//!   optional `metadata.tsv` beside it — one label per line without a header when it has one
//!   column, a header row when it has two or more (the Projector's own rule);
//! - **word2vec / GloVe / fastText text** (`.vec`, `.txt`): `word v1 v2 …` per line, space
//!   separated, with or without a first `count dim` line;
//! - **word2vec binary** (`.bin`): a `count dim` text line, then per word the word, a space and
//!   `dim` little-endian f32s (an optional newline after each vector).
//!
//! Reading streams line by line (a buffered reader), and `limit` keeps only the first N rows —
//! word-vector files are often millions of rows. Every malformed row is reported with its line.

use std::io::{BufRead, Read};
use std::path::Path;

use ndarray::Array2;

use super::csv_table::MAX_COLUMNS;
use super::progress::read_error;
use super::text_lines::TextFile;
use crate::data::{Dataset, Entities, MetaColumn};
use crate::error::{DataError, FirstVector, Location, Part};
use crate::progress::Progress;

/// Lines parsed between two checks for Cancel (projector files are read whole, then parsed).
const CANCEL_CHECK_LINES: u64 = 1 << 14;

/// Where a vector is, for messages: its line in a text file, or its ordinal in a binary file,
/// and its word for word vectors — `ft.vec:3: word "king", value 2: …`.
struct Where<'a> {
    file: &'a str,
    line: Option<u64>,
    vector: Option<usize>,
    word: Option<&'a str>,
}

impl Where<'_> {
    /// The location of value `value` (1-based) of this vector, or of the whole vector.
    fn at(&self, value: Option<usize>) -> Location {
        let mut parts = Vec::new();
        if let Some(w) = self.word {
            parts.push(format!("word \"{w}\""));
        }
        if let Some(v) = self.vector {
            parts.push(format!("vector {v}"));
        }
        if let Some(j) = value {
            parts.push(format!("value {j}"));
        }
        Location {
            file: self.file.to_owned(),
            line: self.line,
            column: (!parts.is_empty()).then(|| parts.join(", ")),
            part: Part::Free,
        }
    }
}

/// Rows read from a vector file: labels and one vector per row.
struct Rows {
    labels: Vec<String>,
    values: Vec<f32>,
    dim: usize,
    /// Where the first vector was (a line or a vector ordinal), which sets the dimension.
    first: Option<FirstVector>,
}

impl Rows {
    fn new(dim: usize) -> Self {
        Self {
            labels: Vec::new(),
            values: Vec::new(),
            dim,
            first: None,
        }
    }

    fn push(&mut self, at: &Where<'_>, label: String, v: &[f32]) -> Result<(), DataError> {
        if self.first.is_none() {
            self.first = at
                .line
                .map(FirstVector::Line)
                .or_else(|| at.vector.map(FirstVector::Vector));
            if self.dim == 0 {
                self.dim = v.len();
            }
        }
        if v.len() != self.dim {
            return Err(DataError::VectorLength {
                at: at.at(None),
                expected: self.dim,
                found: v.len(),
                first: self.first,
            });
        }
        if let Some(j) = v.iter().position(|x| !x.is_finite()) {
            return Err(DataError::NotFinite {
                at: at.at(Some(j + 1)),
                found: v[j].to_string(),
            });
        }
        self.labels.push(label);
        self.values.extend_from_slice(v);
        Ok(())
    }

    fn matrix(self, file: &str) -> Result<(Vec<String>, Array2<f32>), DataError> {
        if self.labels.is_empty() || self.dim == 0 {
            return Err(DataError::Empty {
                file: file.to_owned(),
            });
        }
        let n = self.labels.len();
        let m = Array2::from_shape_vec((n, self.dim), self.values).map_err(|e| DataError::Io {
            file: file.to_owned(),
            reason: e.to_string(),
        })?;
        Ok((self.labels, m))
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Parse number tokens; the first bad or non-finite one is reported with its text.
fn numbers(tokens: &[&str], at: &Where<'_>) -> Result<Vec<f32>, DataError> {
    tokens
        .iter()
        .enumerate()
        .map(|(j, t)| match t.parse::<f32>() {
            Ok(x) if x.is_finite() => Ok(x),
            Ok(_) => Err(DataError::NotFinite {
                at: at.at(Some(j + 1)),
                found: (*t).to_owned(),
            }),
            Err(_) => Err(DataError::NotANumber {
                at: at.at(Some(j + 1)),
                found: (*t).to_owned(),
            }),
        })
        .collect()
}

/// A catalogue of items with `vectors` (one row each) described by text `columns`:
/// `id`/`item_id` gives the ids (else row numbers from 0), `name`/`title`/`word` the names
/// (else the ids); the rest go to [`vector_dataset`] as metadata.
pub(super) fn columns_dataset(
    path: &Path,
    mut columns: Vec<MetaColumn>,
    vectors: Array2<f32>,
) -> Dataset {
    let n = vectors.nrows();
    let mut take = |names: &[&str]| {
        names
            .iter()
            .find_map(|want| columns.iter().position(|c| c.name == *want))
            .map(|i| columns.remove(i).values)
    };
    let ids = take(&["id", "item_id"]).unwrap_or_else(|| (0..n).map(|r| r.to_string()).collect());
    let names = take(&["name", "title", "word"]).unwrap_or_else(|| ids.clone());
    vector_dataset(path, ids, names, vectors, columns)
}

/// A catalogue of items that carry their own `vectors`: `ids` are made unique (a repeated or
/// empty id becomes `id#row`), `names` are shown, and the first metadata column named
/// `category`, `genre`, `label`, `class`, `cluster` or `type` colours the map; the other
/// `meta` columns ride along.
pub(super) fn vector_dataset(
    path: &Path,
    ids: Vec<String>,
    names: Vec<String>,
    vectors: Array2<f32>,
    meta: Vec<MetaColumn>,
) -> Dataset {
    // Labels need not be unique (two "bank"s in a projector file); ids must be.
    let mut items = Entities::with_unique_ids(ids, names);
    let category = meta.iter().position(|c| {
        ["category", "genre", "label", "class", "cluster", "type"]
            .contains(&c.name.to_ascii_lowercase().as_str())
    });
    let mut meta = meta;
    if let Some(c) = category {
        items.categories = Some(meta.remove(c).values.into());
    }
    items.metadata = meta;
    let name = path
        .file_stem()
        .map_or_else(|| file_name(path), |s| s.to_string_lossy().into_owned());
    Dataset {
        name,
        name_ja: None,
        root: path.to_path_buf(),
        items,
        users: Entities::new(Vec::new(), Vec::new()),
        interactions: Vec::new(),
        item_vectors: Some(std::sync::Arc::new(vectors)),
        user_vectors: None,
        trained_by: None,
        interaction_metadata: Vec::new(),
        vocabulary: crate::data::vocabulary::Vocabulary::default(),
        sources: crate::data::Sources::default(),
    }
}

/// Load a TensorFlow Projector pair: `vectors.tsv` in `dir` (or the file itself) and its
/// `metadata.tsv`, when present.
///
/// # Errors
/// Unreadable files, ragged or non-numeric rows, NaN, metadata with the wrong number of rows.
pub fn load_projector(
    path: &Path,
    limit: Option<usize>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let (dir, vectors_file) = if path.is_dir() {
        (path.to_path_buf(), path.join("vectors.tsv"))
    } else {
        (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            path.to_path_buf(),
        )
    };
    let vf = TextFile::read_with(&vectors_file, &file_name(&vectors_file), progress)?;
    let mut rows = Rows::new(0);
    for (n, line) in vf.lines().take(limit.unwrap_or(usize::MAX)) {
        if n % CANCEL_CHECK_LINES == 0 {
            super::progress::check(progress, &vf.file)?;
        }
        let tokens: Vec<&str> = line.split('\t').map(str::trim).collect();
        let at = Where {
            file: &vf.file,
            line: Some(n),
            vector: None,
            word: None,
        };
        let v = numbers(&tokens, &at)?;
        rows.push(&at, (rows.labels.len()).to_string(), &v)?;
    }
    let (mut labels, m) = rows.matrix(&vf.file)?;
    let meta_path = dir.join("metadata.tsv");
    let mut meta = Vec::new();
    if meta_path.is_file() {
        let mf = TextFile::read(&meta_path, "metadata.tsv")?;
        let lines: Vec<(u64, Vec<String>)> = mf
            .text
            .split('\n')
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, l.strip_suffix('\r').unwrap_or(l)))
            .filter(|(_, l)| !l.is_empty())
            .map(|(i, l)| (i, l.split('\t').map(|s| s.trim().to_owned()).collect()))
            .collect();
        let columns = lines.first().map_or(0, |l| l.1.len());
        let (header, body): (Vec<String>, &[(u64, Vec<String>)]) = if columns >= 2 {
            (lines[0].1.clone(), &lines[1..])
        } else {
            (vec!["label".to_owned()], &lines[..])
        };
        let body = &body[..body.len().min(m.nrows())];
        if body.len() != m.nrows() {
            return Err(DataError::Io {
                file: "metadata.tsv".to_owned(),
                reason: format!(
                    "{} label rows for {} vectors (with 2+ columns the first line is the header)",
                    body.len(),
                    m.nrows()
                ),
            });
        }
        for (line, cells) in body {
            if cells.len() != header.len() {
                return Err(DataError::Ragged {
                    at: mf.at(*line, None),
                    expected: header.len(),
                    found: cells.len(),
                });
            }
        }
        labels = body.iter().map(|(_, c)| c[0].clone()).collect();
        meta = header
            .iter()
            .enumerate()
            .skip(1)
            .map(|(c, name)| MetaColumn {
                name: name.clone(),
                values: body.iter().map(|(_, cells)| cells[c].clone()).collect(),
            })
            .collect();
    }
    // An `id` column (as the projector export writes) gives the ids; else the labels do.
    let ids = match meta.iter().position(|c| c.name == "id") {
        Some(c) => meta.remove(c).values,
        None => labels.clone(),
    };
    Ok(vector_dataset(&dir, ids, labels, m, meta))
}

/// Load word vectors: text (`word v1 … vd` per line, optional `count dim` header) or, for a
/// `.bin` file, the word2vec binary format; `limit` keeps the first N words.
///
/// # Errors
/// Unreadable file, a malformed header, ragged or non-numeric rows, NaN, a truncated binary.
pub fn load_word_vectors(
    path: &Path,
    limit: Option<usize>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let file = file_name(path);
    let mut reader = super::progress::open(path, &file, progress)?;
    let binary = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("bin"));
    let limit = limit.unwrap_or(usize::MAX);
    let mut rows = Rows::new(0);
    let mut line = String::new();
    let mut n: u64 = 0;
    let header = |l: &str| -> Option<(usize, usize)> {
        let mut it = l.split_whitespace();
        let (a, b) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?);
        it.next().is_none().then_some((a, b))
    };
    if binary {
        reader
            .read_line(&mut line)
            .map_err(|e| read_error(&file, &e))?;
        let Some((count, dim)) = header(&line) else {
            return Err(DataError::Word2vecHeader {
                file,
                dim: None,
                max: MAX_COLUMNS,
            });
        };
        if dim == 0 || dim > MAX_COLUMNS {
            return Err(DataError::Word2vecHeader {
                file,
                dim: Some(dim),
                max: MAX_COLUMNS,
            });
        }
        rows.dim = dim;
        let mut buf = vec![0u8; dim * 4];
        for i in 0..count.min(limit) {
            let mut word = Vec::new();
            reader
                .read_until(b' ', &mut word)
                .map_err(|e| read_error(&file, &e))?;
            let word = String::from_utf8_lossy(&word).trim().to_owned();
            reader.read_exact(&mut buf).map_err(|e| {
                if e.kind() == std::io::ErrorKind::UnexpectedEof {
                    DataError::VectorsTruncated {
                        file: file.clone(),
                        vector: i + 1,
                        count,
                    }
                } else {
                    read_error(&file, &e)
                }
            })?;
            let v: Vec<f32> = buf
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            let at = Where {
                file: &file,
                line: None,
                vector: Some(i + 1),
                word: Some(&word),
            };
            rows.push(&at, word.clone(), &v)?;
            // Some writers put a newline after each vector; the next word read trims it.
        }
    } else {
        loop {
            line.clear();
            let read = reader
                .read_line(&mut line)
                .map_err(|e| read_error(&file, &e))?;
            if read == 0 || rows.labels.len() >= limit {
                break;
            }
            n += 1;
            let l = line.trim_end_matches(['\n', '\r']);
            if l.trim().is_empty() || (n == 1 && header(l).is_some()) {
                continue;
            }
            let tokens: Vec<&str> = l.split([' ', '\t']).filter(|t| !t.is_empty()).collect();
            let Some((word, nums)) = tokens.split_first() else {
                continue;
            };
            let at = Where {
                file: &file,
                line: Some(n),
                vector: None,
                word: Some(word),
            };
            let v = numbers(nums, &at)?;
            rows.push(&at, (*word).to_owned(), &v)?;
        }
    }
    let (labels, m) = rows.matrix(&file)?;
    Ok(vector_dataset(path, labels.clone(), labels, m, Vec::new()))
}
