//! The `embedscope` binary: with no subcommand it opens the GUI on the bundled cafés sample;
//! subcommands run the same pipeline without a window (see `embedscope --help`).
//!
//! The allocator is mimalloc rather than glibc's malloc: loaders build millions of short strings
//! (ids, names, categories, metadata) that glibc rounds up to 32-byte blocks (mimalloc: 8)
//! before the tables pack them into one buffer per column (`data::StrColumn`), and glibc kept
//! 100–160 MB of the t-SNE / UMAP temporaries resident after they were freed.
//! Measured with `embedscope bench --only memory-1m,memory-umap-1m,memory-tsne-1m` (peak RSS,
//! 1M × 64). It applies to this binary only (the GUI, the CLI and the benchmarks); library unit
//! tests run on the system allocator.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    embedscope::cli::main()
}
