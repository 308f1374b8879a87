//! embedscope — see embeddings and recommendations.
//!
//! Loads a dataset, runs **load → embed → index → project** (in a worker thread in the GUI),
//! draws users and items on one 2D map, and for any point shows its nearest neighbours under
//! Euclidean distance and cosine similarity side by side ("distance vs direction").
//!
//! Layering (arrows point to what a module may import):
//! `gui, cli → pipeline → store → (embed, index, project) → data`; `report` (exports) reads
//! finished runs and sits beside `pipeline`, never importing `gui`. Only `gui` uses egui/eframe,
//! only `store` uses rusqlite (the SQLite workspace);
//! compute modules are pure (no threads, no I/O, no UI) and report through
//! [`pipeline::progress::Progress`].

pub mod cli;
pub mod data;
pub mod embed;
pub mod error;
pub mod eval;
pub mod gui;
pub mod index;
pub mod pipeline;
pub mod progress;
pub mod project;
pub mod recommend;
pub mod report;
pub mod rng;
pub mod store;
pub mod text;

pub use error::{ComputeError, DataError, ReportError, Result};
pub use pipeline::PipelineError;
