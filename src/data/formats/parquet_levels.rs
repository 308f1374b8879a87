//! The repetition and definition levels of a list-of-floats column, checked: every row must hold
//! a vector (no null list, no null element) of the table's width. [`regular_width`] is the common
//! case, tested a batch at a time without a branch per value; [`irregular_width`] goes value by
//! value to name the first row that is wrong.

use crate::error::{DataError, Location};

/// The common case, checked without a branch per value: every value present and every list
/// `d` long (levels `0, 1, 1, …` per row). `None` when the batch is anything else (or empty).
pub(super) fn regular_width(defs: &[i16], reps: &[i16], max_def: i16) -> Option<usize> {
    if defs.is_empty() || defs.len() != reps.len() {
        return None;
    }
    // Counting (not `all`, which stops early) keeps the loop branch-free: it vectorises.
    if defs.iter().filter(|&&d| d != max_def).count() != 0 {
        return None;
    }
    let d = reps[1..]
        .iter()
        .position(|&r| r == 0)
        .map_or(reps.len(), |p| p + 1);
    if !reps.len().is_multiple_of(d) {
        return None;
    }
    let regular = reps
        .chunks_exact(d)
        .all(|row| row[0] == 0 && row[1..].iter().filter(|&&r| r != 1).count() == 0);
    regular.then_some(d)
}

/// The width of a batch that is not [`regular_width`], value by value, with the error that
/// names the first row without a vector, with a null, or of another width.
pub(super) fn irregular_width(
    defs: &[i16],
    reps: &[i16],
    max_def: i16,
    at: (&str, usize),
    location: &dyn Fn(usize) -> Location,
) -> Result<Option<usize>, DataError> {
    // Every row's first level starts a record; a level below the element's is a null list or
    // a null element.
    let mut dim = None;
    let mut row = 0_usize;
    let mut len = 0_usize;
    for (i, (&d, &r)) in defs.iter().zip(reps.iter()).enumerate() {
        if r == 0 && i > 0 {
            check_len(&mut dim, len, &location(row))?;
            row += 1;
            len = 0;
        }
        if d < max_def {
            return Err(DataError::in_file(
                at.0,
                format!(
                    "row {} (0-based): the vector is missing or holds a null",
                    at.1 + row
                ),
            ));
        }
        len += 1;
    }
    if !defs.is_empty() {
        check_len(&mut dim, len, &location(row))?;
    }
    Ok(dim)
}

pub(super) fn check_len(
    dim: &mut Option<usize>,
    len: usize,
    at: &Location,
) -> Result<(), DataError> {
    match *dim {
        None => *dim = Some(len),
        Some(d) if d != len => {
            return Err(DataError::VectorLength {
                at: at.clone(),
                expected: d,
                found: len,
                first: None,
            });
        }
        Some(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(row: usize) -> Location {
        Location {
            file: "p.parquet".to_owned(),
            line: None,
            column: Some(format!("row {row}")),
            part: crate::error::Part::Free,
        }
    }

    #[test]
    fn rows_of_three_values_are_regular_and_three_wide() {
        let defs = [3; 6];
        let reps = [0, 1, 1, 0, 1, 1];
        assert_eq!(regular_width(&defs, &reps, 3), Some(3));
        assert_eq!(regular_width(&[3], &[0], 3), Some(1));
        assert_eq!(regular_width(&[], &[], 3), None);
    }

    #[test]
    fn a_short_row_or_a_null_is_not_regular_and_is_named() {
        // Rows of 3, 2, 3 values: the second row is named.
        let reps = [0, 1, 1, 0, 1, 0, 1, 1];
        let defs = [3; 8];
        assert_eq!(regular_width(&defs, &reps, 3), None);
        let e = irregular_width(&defs, &reps, 3, ("p.parquet", 10), &at)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("row 1") && e.contains('2') && e.contains('3'),
            "{e}"
        );
        // A null element in row 1 (0-based, after a row of two): named with the part's offset.
        let reps = [0, 1, 0, 1];
        let defs = [3, 3, 2, 3];
        assert_eq!(regular_width(&defs, &reps, 3), None);
        let e = irregular_width(&defs, &reps, 3, ("p.parquet", 10), &at)
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 11") && e.contains("null"), "{e}");
        // The width of a regular batch is the same by both roads.
        let reps = [0, 1, 0, 1];
        let defs = [3; 4];
        assert_eq!(
            irregular_width(&defs, &reps, 3, ("p.parquet", 0), &at).unwrap(),
            regular_width(&defs, &reps, 3)
        );
    }
}
