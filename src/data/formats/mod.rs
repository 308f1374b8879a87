//! File formats that load into a [`Dataset`](crate::data::Dataset). One file per format.

pub mod csv_table;
pub mod native;

pub use native::load_native;
