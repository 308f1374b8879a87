//! Running the `embedscope` binary: never against the user's own workspace.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Run the binary with its default workspace in a fresh temporary data folder (never the
/// user's own: `XDG_DATA_HOME` points there).
pub fn embedscope(args: &[&str]) -> Output {
    let data_home = tempfile::tempdir().expect("tempdir");
    Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .args(args)
        .env("XDG_DATA_HOME", data_home.path())
        .output()
        .expect("run embedscope")
}

/// Run the binary with `--workspace <ws>`.
pub fn embedscope_in(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .output()
        .expect("run embedscope")
}

/// Stdout as JSON, after checking the command succeeded (else the test fails showing stderr).
pub fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}
