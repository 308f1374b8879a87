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

/// A path as a command-line argument (the tests' paths are UTF-8).
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// `embedscope --no-workspace COMMAND PATH ARGS…`: one command on a file or folder, keeping
/// nothing.
pub fn on_path(command: &str, path: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--no-workspace", command, arg(path)];
    all.extend_from_slice(args);
    embedscope(&all)
}

/// `embedscope eval DATASET --train SPLIT/train.tsv --test SPLIT/test.tsv --methods METHODS
/// ARGS…`: the methods scored on a split folder's two files.
pub fn eval_split(dataset: &Path, split: &Path, methods: &str, args: &[&str]) -> Output {
    let (train, test) = (split.join("train.tsv"), split.join("test.tsv"));
    let mut all = vec![
        "eval",
        arg(dataset),
        "--train",
        arg(&train),
        "--test",
        arg(&test),
        "--methods",
        methods,
    ];
    all.extend_from_slice(args);
    embedscope(&all)
}
