//! JSON Lines tables: one JSON object per line, the same columns as the native CSV tables
//! (the datasets built from them are in [`super::jsonl_dataset`]).
//!
//! Values: strings, numbers (kept as written, so `1e400` is reported as "not a finite number"
//! rather than rounded), `null` (missing), booleans; an array of strings becomes `a|b`, other
//! arrays and objects are kept as JSON text. A field whose first value is an array of numbers is
//! a **vector field**: in the items table it becomes the imported item vectors (`vector` or
//! `embedding` when there are several, or the one named with `--vector-column`). Vector numbers
//! are parsed straight to `f32`, so exported vectors come back bit for bit.
//!
//! Errors name file, line and field: `items.jsonl:7: invalid JSON: …`,
//! `items.jsonl:9: field "price": expected a number, found "cheap"`.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use ndarray::Array2;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::csv_table::CsvTable;
use crate::error::{DataError, FirstVector, Location, Part};
use crate::progress::Progress;

/// A JSONL table: text cells like a CSV table, plus the vectors of its vector field.
#[derive(Debug, Clone)]
pub struct JsonTable {
    /// The cells (`part` is [`Part::Field`], so messages say `field "x"`).
    pub table: CsvTable,
    /// The chosen vector field and one vector per row.
    pub vectors: Option<(String, Array2<f32>)>,
}

/// The fields of one JSON object, in file order, values unparsed.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object per line")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = m.next_entry::<String, &'de RawValue>()? {
                    out.push(entry);
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A vector field being collected: its dimension, the line of its first vector, and values.
struct VectorField {
    dim: usize,
    first_line: u64,
    /// Row → vector (rows without one are missing).
    rows: Vec<Option<Vec<f32>>>,
}

/// What a field turned out to hold, decided by its first non-null value.
enum FieldKind {
    Undecided,
    Text,
    Vector(VectorField),
}

/// serde_json's message for one line: "invalid JSON: … at character N" for syntax errors,
/// the bare message for a line that is valid JSON but not an object.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let msg = text.strip_suffix(&suffix).unwrap_or(&text);
    match e.classify() {
        serde_json::error::Category::Data => msg.to_owned(),
        _ => format!("invalid JSON: {msg} at character {}", e.column()),
    }
}

/// Numbers of a JSON array, or `None` when it is not a non-empty array of numbers only.
fn number_array(raw: &RawValue) -> Option<Vec<&RawValue>> {
    let items: Vec<&RawValue> = serde_json::from_str(raw.get()).ok()?;
    let numeric = |r: &&RawValue| {
        r.get()
            .starts_with(|c: char| c == '-' || c.is_ascii_digit())
    };
    (!items.is_empty() && items.iter().all(numeric)).then_some(items)
}

/// A scalar (or non-vector) JSON value as a text cell.
fn cell_text(raw: &RawValue) -> String {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_owned()),
        Some(b'n') => String::new(),
        Some(b'[') => match serde_json::from_str::<Vec<String>>(text) {
            Ok(strings) => strings.join("|"),
            Err(_) => text.to_owned(),
        },
        _ => text.to_owned(),
    }
}

/// Parse a JSONL table from `reader`, naming it `file` in messages. `vector_field` picks the
/// vector field when there are several; `want_vectors = false` keeps arrays as text (users,
/// interactions).
///
/// # Errors
/// Invalid UTF-8 or JSON on a line (with the line), an empty file, vector fields of different
/// lengths, NaN/infinite or non-numeric vector values, several vector fields with none chosen.
pub fn parse_table(
    file: &str,
    mut reader: impl BufRead,
    vector_field: Option<&str>,
    want_vectors: bool,
) -> Result<JsonTable, DataError> {
    let at = |line: u64, field: Option<&str>| Location {
        file: file.to_owned(),
        line: Some(line),
        column: field.map(str::to_owned),
        part: Part::Field,
    };
    let mut header: Vec<String> = Vec::new();
    let mut kinds: Vec<FieldKind> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
    let mut buf = Vec::new();
    let mut n: u64 = 0;
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| DataError::Io {
                file: file.to_owned(),
                reason: e.to_string(),
            })?;
        if read == 0 {
            break;
        }
        n += 1;
        let mut bytes = buf.as_slice();
        if n == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text =
            std::str::from_utf8(bytes).map_err(|_| DataError::NotUtf8 { at: at(n, None) })?;
        let fields: Fields<'_> =
            serde_json::from_str(text.trim_end()).map_err(|e| DataError::InvalidJson {
                at: at(n, None),
                detail: json_message(&e),
            })?;
        let row = rows.len();
        let mut cells = vec![String::new(); header.len()];
        for (key, raw) in fields.0 {
            let c = *index.entry(key.clone()).or_insert_with(|| {
                header.push(key.clone());
                kinds.push(FieldKind::Undecided);
                cells.push(String::new());
                header.len() - 1
            });
            if raw.get() == "null" {
                continue;
            }
            if matches!(kinds[c], FieldKind::Undecided) {
                kinds[c] = match number_array(raw) {
                    Some(v) if want_vectors => FieldKind::Vector(VectorField {
                        dim: v.len(),
                        first_line: n,
                        rows: Vec::new(),
                    }),
                    _ => FieldKind::Text,
                };
            }
            match &mut kinds[c] {
                FieldKind::Vector(vf) => {
                    let v = parse_vector(raw, vf, &at(n, Some(&key)))?;
                    vf.rows.resize(row + 1, None);
                    vf.rows[row] = Some(v);
                }
                _ => cells[c] = cell_text(raw),
            }
        }
        rows.push(cells);
        lines.push(n);
    }
    if rows.is_empty() {
        return Err(DataError::NoRows {
            file: file.to_owned(),
            json: true,
        });
    }
    for r in &mut rows {
        r.resize(header.len(), String::new());
    }
    let mut table = CsvTable {
        file: file.to_owned(),
        header,
        rows,
        lines,
        part: Part::Field,
    };
    let vectors = choose_vectors(&mut table, kinds, vector_field)?;
    Ok(JsonTable { table, vectors })
}

/// Parse one vector value of a vector field (same length as the first, finite numbers).
fn parse_vector(raw: &RawValue, vf: &VectorField, at: &Location) -> Result<Vec<f32>, DataError> {
    let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
        return Err(DataError::NotANumber {
            at: at.clone(),
            found: raw.get().to_owned(),
        });
    };
    if items.len() != vf.dim {
        return Err(DataError::VectorLength {
            at: at.clone(),
            expected: vf.dim,
            found: items.len(),
            first: Some(FirstVector::Line(vf.first_line)),
        });
    }
    items
        .iter()
        .map(|item| {
            let text = item.get();
            match text.parse::<f32>() {
                Ok(x) if x.is_finite() => Ok(x),
                Ok(_) => Err(DataError::NotFinite {
                    at: at.clone(),
                    found: text.to_owned(),
                }),
                Err(_) => Err(DataError::NotANumber {
                    at: at.clone(),
                    found: cell_text(item),
                }),
            }
        })
        .collect()
}

/// Pick the vector field (the named one, the only one, or `vector`/`embedding`), check every
/// row has a vector, and keep other vector fields as text cells.
fn choose_vectors(
    table: &mut CsvTable,
    kinds: Vec<FieldKind>,
    wanted: Option<&str>,
) -> Result<Option<(String, Array2<f32>)>, DataError> {
    let mut fields: Vec<(usize, VectorField)> = kinds
        .into_iter()
        .enumerate()
        .filter_map(|(c, k)| match k {
            FieldKind::Vector(v) => Some((c, v)),
            _ => None,
        })
        .collect();
    let names: Vec<&str> = fields
        .iter()
        .map(|(c, _)| table.header[*c].as_str())
        .collect();
    let chosen =
        match wanted {
            Some(w) => Some(names.iter().position(|n| *n == w).ok_or_else(|| {
                DataError::NoVectorColumn {
                    file: table.file.clone(),
                    wanted: Some(w.to_owned()),
                    candidates: names.iter().map(|n| (*n).to_owned()).collect(),
                    fields: true,
                }
            })?),
            None if names.len() <= 1 => (!names.is_empty()).then_some(0),
            None => match names
                .iter()
                .position(|n| ["vector", "embedding"].contains(n))
            {
                Some(i) => Some(i),
                None => {
                    return Err(DataError::SeveralVectorColumns {
                        file: table.file.clone(),
                        candidates: names.iter().map(|n| (*n).to_owned()).collect(),
                        fields: true,
                    });
                }
            },
        };
    let chosen = chosen.map(|i| fields.remove(i));
    let n = table.rows.len();
    for (c, vf) in &fields {
        for (r, v) in vf.rows.iter().enumerate() {
            if let Some(v) = v {
                let parts: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
                table.rows[r][*c] = format!("[{}]", parts.join(","));
            }
        }
    }
    let Some((c, vf)) = chosen else {
        return Ok(None);
    };
    let mut values = Vec::with_capacity(n * vf.dim);
    for r in 0..n {
        match vf.rows.get(r) {
            Some(Some(v)) => values.extend_from_slice(v),
            _ => return Err(DataError::EmptyValue { at: table.at(r, c) }),
        }
    }
    let name = table.header[c].clone();
    // The vectors are not a text column; drop the (empty) cells.
    table.header.remove(c);
    for row in &mut table.rows {
        row.remove(c);
    }
    let m = Array2::from_shape_vec((n, vf.dim), values)
        .map_err(|e| DataError::in_file(&table.file, e.to_string()))?;
    Ok(Some((name, m)))
}

/// Read `dir/file` as a JSONL table, reporting bytes read to `progress`.
///
/// # Errors
/// As [`parse_table`], plus a missing or unreadable file.
pub fn read_table(
    dir: &Path,
    file: &str,
    vector_field: Option<&str>,
    want_vectors: bool,
    progress: Option<&Progress>,
) -> Result<JsonTable, DataError> {
    let reader = super::progress::open(&dir.join(file), file, progress)?;
    parse_table(file, reader, vector_field, want_vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<JsonTable, DataError> {
        parse_table("items.jsonl", text.as_bytes(), None, true)
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn values_become_cells_and_the_vector_field_vectors() {
        let t = parse(concat!(
            "\u{feff}{\"id\":\"a\",\"price\":1e3,\"tags\":[\"x\",\"y\"],\"vector\":[0.1,-2]}\r\n",
            "\n",
            "{\"id\":\"b\",\"extra\":{\"k\":1},\"price\":null,\"ok\":true,\"vector\":[3,4.5]}\n",
        ))
        .unwrap();
        assert_eq!(t.table.header, ["id", "price", "tags", "extra", "ok"]);
        assert_eq!(t.table.rows[0], ["a", "1e3", "x|y", "", ""]);
        assert_eq!(t.table.rows[1], ["b", "", "", "{\"k\":1}", "true"]);
        assert_eq!(t.table.lines, [1, 3]);
        let (name, m) = t.vectors.unwrap();
        assert_eq!(name, "vector");
        assert_eq!(m.row(0).to_vec(), [0.1_f32, -2.0]);
        assert_eq!(m.row(1).to_vec(), [3.0_f32, 4.5]);
    }

    #[test]
    fn vector_numbers_are_read_as_f32_directly() {
        // Just above the midpoint between 1 and the next f32: correctly rounded it is the next
        // f32, but through f64 it first lands on the midpoint and then rounds to even (1.0).
        let text = "1.00000005960464477550";
        assert_eq!(
            (text.parse::<f64>().unwrap() as f32).to_bits(),
            1.0_f32.to_bits()
        );
        let t = parse(&format!("{{\"id\":1,\"v\":[{text}]}}\n")).unwrap();
        let x = t.vectors.unwrap().1[[0, 0]];
        assert_eq!(x.to_bits(), (1.0_f32 + f32::EPSILON).to_bits());
    }

    #[test]
    fn located_errors() {
        assert_eq!(
            err("{\"id\":\"a\"}\n{\"id\":\"b\",}\n"),
            "items.jsonl:2: invalid JSON: trailing comma at character 11"
        );
        assert_eq!(
            err("[1,2]\n"),
            "items.jsonl:1: invalid type: sequence, expected a JSON object per line"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"v\":[1,2]}\n{\"id\":\"b\",\"v\":[1]}\n"),
            "items.jsonl:2: field \"v\": expected 2 numbers like the first vector (line 1), found 1"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"v\":[1,2]}\n{\"id\":\"b\",\"v\":[1,1e400]}\n"),
            "items.jsonl:2: field \"v\": expected a finite number, found \"1e400\" (NaN and infinity cannot be placed on a map)"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"v\":[1,2]}\n{\"id\":\"b\",\"v\":[1,\"x\"]}\n"),
            "items.jsonl:2: field \"v\": expected a number, found \"x\""
        );
        assert_eq!(
            err("{\"id\":\"a\",\"v\":[1,2]}\n{\"id\":\"b\"}\n"),
            "items.jsonl:2: field \"v\": empty value (a value is required here)"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"v\":[1],\"w\":[2]}\n"),
            "items.jsonl: several fields hold vectors (v, w); name one \"vector\" or choose it with --vector-column"
        );
        assert_eq!(
            err("\n \n"),
            "items.jsonl: no JSON objects (the file is empty or blank)"
        );
        let e = parse_table(
            "items.jsonl",
            b"{\"id\":\"caf\xe9\"}\n".as_slice(),
            None,
            true,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "items.jsonl:1: the text is not valid UTF-8 (save the file as UTF-8)"
        );
    }

    #[test]
    fn choosing_among_several_vector_fields() {
        let text = "{\"id\":\"a\",\"v\":[1],\"w\":[2,3]}\n";
        let t = parse_table("x.jsonl", text.as_bytes(), Some("w"), true).unwrap();
        assert_eq!(t.vectors.unwrap().1.row(0).to_vec(), [2.0_f32, 3.0]);
        // The other vector field stays as text.
        assert_eq!(t.table.header, ["id", "v"]);
        assert_eq!(t.table.rows[0], ["a", "[1.0]"]);
        let e = parse_table("x.jsonl", text.as_bytes(), Some("z"), true)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "x.jsonl: no vector field \"z\" (fields holding arrays of numbers: v, w)"
        );
        // Users and interactions keep arrays as text.
        let t = parse_table("users.jsonl", text.as_bytes(), None, false).unwrap();
        assert!(t.vectors.is_none());
        assert_eq!(t.table.rows[0], ["a", "[1]", "[2,3]"]);
    }
}
