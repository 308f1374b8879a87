//! The rows a Parquet read has gathered — vectors in one flat buffer, cells per column — from
//! one file or every part of a folder, and the dataset they become.

use std::path::Path;

use ndarray::Array2;

use super::vectors::columns_dataset;
use crate::data::{Dataset, MetaColumn};
use crate::error::DataError;

/// The rows read so far, from one file or from every part of a folder.
pub struct Rows {
    pub(super) columns: Vec<MetaColumn>,
    pub(super) values: Vec<f32>,
    /// Width and where the first vector was (part, 0-based row in it).
    pub(super) dim: Option<(usize, String, usize)>,
    pub(super) count: usize,
    pub(super) limit: usize,
    /// The vector column: as asked for, then as chosen in the first part.
    pub(super) vector_column: Option<String>,
    /// Rows declared by the footers, for progress.
    pub total: u64,
}

impl Rows {
    /// Nothing read yet; stop after `limit` rows.
    #[must_use]
    pub fn new(limit: Option<usize>, vector_column: Option<&str>) -> Self {
        Self {
            columns: Vec::new(),
            values: Vec::new(),
            dim: None,
            count: 0,
            limit: limit.unwrap_or(usize::MAX),
            vector_column: vector_column.map(str::to_owned),
            total: 0,
        }
    }

    /// Rows read.
    #[must_use]
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no row has been read.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether `limit` rows have been read.
    #[must_use]
    pub fn full(&self) -> bool {
        self.count >= self.limit
    }

    /// The dataset of the rows read (`file` names the source when there were none).
    ///
    /// # Errors
    /// No rows.
    pub fn finish(self, path: &Path, file: String) -> Result<Dataset, DataError> {
        let Some((dim, _, _)) = self.dim else {
            return Err(DataError::NoRows { file, json: false });
        };
        let m = Array2::from_shape_vec((self.count, dim), self.values)
            .map_err(|e| DataError::in_file(&file, e.to_string()))?;
        Ok(columns_dataset(path, self.columns, m))
    }

    /// Append one whole row: its vector (of the width of the rows before, checked by the
    /// caller) and its cells.
    pub fn push_row(&mut self, vector: &[f32], cells: Vec<(String, String)>) {
        if self.dim.is_none() {
            self.dim = Some((vector.len(), String::new(), 0));
        }
        self.values.extend_from_slice(vector);
        for (name, text) in cells {
            self.push_cell(&name, text);
        }
        self.end_row();
    }

    /// Append one row whose vector is held elsewhere, in the buffer later given to
    /// [`Rows::finish_with`] (the sample pass writes every part's vectors straight into one
    /// buffer): its cells only.
    pub fn push_cells(&mut self, cells: Vec<(String, String)>) {
        for (name, text) in cells {
            self.push_cell(&name, text);
        }
        self.end_row();
    }

    /// [`Rows::finish`] for rows added by [`Rows::push_cells`]: `values` holds their vectors,
    /// `dim` floats each, in row order.
    ///
    /// # Errors
    /// No rows; `values` is not `len() × dim` long.
    pub fn finish_with(
        mut self,
        values: Vec<f32>,
        dim: usize,
        path: &Path,
        file: String,
    ) -> Result<Dataset, DataError> {
        if self.count > 0 {
            self.dim = Some((dim, String::new(), 0));
        }
        self.values = values;
        self.finish(path, file)
    }

    /// Append every row of `other` (read from later parts) after these; a column one side lacks
    /// is empty there.
    pub fn append(&mut self, other: Self) {
        if self.dim.is_none() {
            self.dim.clone_from(&other.dim);
        }
        self.values.extend_from_slice(&other.values);
        let before = self.count;
        self.count += other.count;
        for col in other.columns {
            if let Some(mine) = self.columns.iter_mut().find(|c| c.name == col.name) {
                mine.values.extend(col.values);
            } else {
                let mut values = vec![String::new(); before];
                values.extend(col.values);
                self.columns.push(MetaColumn {
                    name: col.name,
                    values,
                });
            }
        }
        for c in &mut self.columns {
            c.values.resize(self.count, String::new());
        }
    }

    /// Append `text` to the column `name` of the current row (created empty for the rows before).
    pub(super) fn push_cell(&mut self, name: &str, text: String) {
        let c = if let Some(c) = self.columns.iter().position(|c| c.name == name) {
            c
        } else {
            self.columns.push(MetaColumn {
                name: name.to_owned(),
                values: vec![String::new(); self.count],
            });
            self.columns.len() - 1
        };
        self.columns[c].values.push(text);
    }

    /// End the current row: columns it lacks (a part without them) get an empty cell.
    pub(super) fn end_row(&mut self) {
        self.count += 1;
        for c in &mut self.columns {
            c.values.resize(self.count, String::new());
        }
    }
}
