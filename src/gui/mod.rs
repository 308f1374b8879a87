//! GUI placeholder during bring-up.
/// Open the window.
///
/// # Errors
/// Never yet.
pub fn run_native(_p: std::path::PathBuf) -> anyhow::Result<()> { Ok(()) }
