//! [`Location`]: where in a file a data error was found, printed as `file:line: column "c"`.

/// Where in a file a problem was found. `line` is 1-based and counts the header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// File name as shown to the user (the path relative to the dataset folder where possible).
    pub file: String,
    /// 1-based line number, if the problem is on a line.
    pub line: Option<u64>,
    /// Column name (or field name, or a free description like `row 3, value 2`), if the problem
    /// is in one part of the line; [`Self::part`] says how to print it.
    pub column: Option<String>,
    /// What `column` names: a CSV column, a JSON field, or a place printed as written.
    pub part: Part,
}

/// What the `column` of a [`Location`] names, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// A column of a table: `column "price"`.
    #[default]
    Column,
    /// A field of a JSON object: `field "price"`.
    Field,
    /// A place described in words, printed as written: `row 3, value 2`.
    Free,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            match self.part {
                Part::Column => write!(f, ": column \"{column}\"")?,
                Part::Field => write!(f, ": field \"{column}\"")?,
                Part::Free => write!(f, ": {column}")?,
            }
        }
        Ok(())
    }
}
