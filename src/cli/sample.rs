//! `embedscope sample`: regenerate the bundled sample datasets and say what was written — each
//! file with its path, data rows and size.

use std::path::Path;

use anyhow::Context as _;

/// The sample folders [`crate::data::sample::generate`] writes under the output folder.
const SAMPLES: [&str; 2] = ["cafes", "streaming"];

/// Data rows of a CSV file: its lines minus the header (`None` for other files).
fn csv_rows(path: &Path) -> Option<usize> {
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !is_csv {
        return None;
    }
    let text = std::fs::read(path).ok()?;
    let lines = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    Some(lines.saturating_sub(1))
}

/// Write both samples under `out` and list the files.
pub(super) fn cmd_sample(out: &Path) -> anyhow::Result<()> {
    // The output folder itself may be new; its parent must exist (as for every export).
    if !out.is_dir() {
        crate::report::check_folder(out)?;
        std::fs::create_dir(out).with_context(|| format!("creating {}", out.display()))?;
    }
    crate::data::sample::generate(out)
        .with_context(|| format!("writing samples to {}", out.display()))?;
    for name in SAMPLES {
        let dir = out.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .with_context(|| format!("listing {}", dir.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        println!("{name}: {}", dir.display());
        for f in files {
            let bytes = std::fs::metadata(&f).map_or(0, |m| m.len());
            let file = f
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            match csv_rows(&f) {
                Some(rows) => println!("  wrote {file:<18} {rows:>7} rows {bytes:>10} bytes"),
                None => println!("  wrote {file:<18} {:>12} {bytes:>10} bytes", ""),
            }
        }
    }
    Ok(())
}
