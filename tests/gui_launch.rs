//! The binary's GUI honours `--no-workspace` as the CLI does: a short session in a virtual X
//! screen (when `Xvfb` is installed) with a fresh home leaves no file in the data or config
//! folders, while the same session without the option leaves the workspace and the settings
//! file (so the check can fail). Without `Xvfb` only the launch options are checked: the window
//! cannot open, and still nothing is written.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// A virtual X screen, ended (by its id) when dropped.
struct Xvfb(Child, String);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn xvfb() -> Option<Xvfb> {
    // A display number no other X server holds (its lock file is absent).
    let n = (200 + std::process::id() % 500..2000)
        .find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists())?;
    let display = format!(":{n}");
    let child = Command::new("Xvfb")
        .args([
            display.as_str(),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    std::thread::sleep(Duration::from_secs(1));
    Some(Xvfb(child, display))
}

/// Run the GUI for a few seconds with `args` in a fresh home; the files it left behind in the
/// data and config folders, and whether it exited cleanly.
fn session(display: Option<&str>, args: &[&str]) -> (Vec<PathBuf>, bool) {
    let home = tempfile::tempdir().expect("tempdir");
    let (data, config, cache) = (
        home.path().join("data"),
        home.path().join("config"),
        home.path().join("cache"),
    );
    let cafes = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_embedscope"));
    cmd.arg("--dataset")
        .arg(&cafes)
        .args(args)
        .args(["--quit-after-secs", "4"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .env("XDG_CONFIG_HOME", &config)
        .env("XDG_CACHE_HOME", &cache)
        .env("MESA_SHADER_CACHE_DISABLE", "true")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    match display {
        Some(d) => cmd.env("DISPLAY", d),
        None => cmd.env_remove("DISPLAY"),
    };
    let out = cmd.output().expect("run embedscope");
    let mut left = files_under(&data);
    left.extend(
        files_under(&config)
            .into_iter()
            .map(|p| Path::new("config").join(p)),
    );
    (left, out.status.success())
}

#[test]
fn no_workspace_gui_session_leaves_no_file() {
    let Some(x) = xvfb() else {
        eprintln!("Xvfb not installed: checking the launch options without a window");
        let (left, _) = session(None, &["--no-workspace"]);
        assert!(left.is_empty(), "left behind: {left:?}");
        return;
    };
    let (left, ok) = session(Some(&x.1), &["--no-workspace"]);
    assert!(ok, "the window opened and closed itself");
    assert!(left.is_empty(), "--no-workspace left behind: {left:?}");
    // The same session keeping things: the workspace and eframe's settings file.
    let (left, ok) = session(Some(&x.1), &[]);
    assert!(ok);
    assert!(
        left.contains(&PathBuf::from("embedscope/workspace.sqlite")),
        "{left:?}"
    );
    assert!(
        left.contains(&PathBuf::from("embedscope/app.ron")),
        "{left:?}"
    );
    // `--workspace PATH`: the run goes there, not to the default file.
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("chosen.sqlite");
    let (left, ok) = session(Some(&x.1), &["--workspace", ws.to_str().unwrap()]);
    assert!(ok);
    assert!(ws.exists(), "the run went to --workspace's file");
    assert!(
        !left.contains(&PathBuf::from("embedscope/workspace.sqlite")),
        "{left:?}"
    );
}
