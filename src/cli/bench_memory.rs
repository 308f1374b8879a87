//! The peak-memory benchmarks of `embedscope bench`: each runs in a child process (a clean
//! peak, read from Linux `VmHWM`) and reports the peak against the raw vector bytes (n × 64 × 4).
//!
//! - `memory-1m` (in the default set): the app's state with 1M points loaded — generate,
//!   embed (imported), exact index, PCA, map data.
//! - `memory-tsne-1m` / `memory-umap-1m` (opt-in: several minutes each): the same state, then
//!   t-SNE or UMAP of every point as the GUI runs it — the shared vectors, a 100,000-point
//!   sample fitted and the rest placed, each streamed layout copied and turned into a map.
//! - `memory-tsne-10m` / `memory-umap-10m` (opt-in): the same at 10M points; the detail also
//!   gives the layout's wall time (`layout_s`).

use serde_json::{Value, json};

use super::bench::synthetic_run;
use super::bench_10m::peak_rss;
use crate::gui::map_data::MapData;
use crate::pipeline::progress::Progress;
use crate::project::scale::ScalePlan;

/// What the memory child does after loading, indexing and projecting with PCA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum MemoryLayout {
    /// Nothing more (the PCA map).
    Pca,
    /// t-SNE of every point.
    Tsne,
    /// UMAP of every point.
    Umap,
}

impl MemoryLayout {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pca => "pca",
            Self::Tsne => "tsne",
            Self::Umap => "umap",
        }
    }
}

/// Streamed layouts turned into maps between this many snapshots (the GUI builds one per
/// frame that finds a new layout; here a few suffice for the memory they hold).
const MAP_EVERY: usize = 10;

/// In a child process: load → index → project n × 64 with PCA and build the map, then run
/// `layout` as the GUI does; print the peak as JSON.
pub(super) fn memory_child(n: usize, layout: MemoryLayout) -> anyhow::Result<()> {
    let run = synthetic_run(n)?;
    let mut map = MapData::build(&run);
    let progress = Progress::silent();
    // The GUI's streaming: the worker copies each snapshot into a shared slot, the UI moves
    // the map's points to the latest (`MapData::relayout`, as `drain_projection` does).
    let mut live: Option<Vec<f32>> = None;
    let mut snapshots = 0_usize;
    let mut on_layout = |_: usize, xy: &[f32]| {
        match &mut live {
            Some(v) if v.len() == xy.len() => v.copy_from_slice(xy),
            _ => live = Some(xy.to_vec()),
        }
        if snapshots.is_multiple_of(MAP_EVERY)
            && let Some(v) = live.take()
            && let Ok(a) = ndarray::Array2::from_shape_vec((v.len() / 2, 2), v)
        {
            map.relayout_owned(&run, a);
        }
        snapshots += 1;
    };
    let points = run.index.data();
    let started = std::time::Instant::now();
    let xy = match layout {
        MemoryLayout::Pca => None,
        MemoryLayout::Tsne => {
            let params = crate::project::tsne::TsneParams::default();
            let plan = ScalePlan::default();
            let fitted = crate::project::tsne_scale::fit_any(
                points,
                &params,
                plan,
                &progress,
                &mut on_layout,
            )?;
            Some(fitted.0.xy)
        }
        MemoryLayout::Umap => {
            let params = crate::project::umap::UmapParams::default();
            let plan = ScalePlan::default();
            let fitted =
                crate::project::umap::fit_any(points, &params, plan, &progress, &mut on_layout)?;
            Some(fitted.0.xy)
        }
    };
    if let Some(xy) = xy {
        map.relayout(&run, xy.view());
    }
    let layout_s = started.elapsed().as_secs_f64();
    std::hint::black_box(&map);
    let peak = peak_rss().unwrap_or(0);
    println!(
        "{}",
        json!({"n": n, "peak_rss": peak, "raw_bytes": n * 64 * 4, "layout": layout.as_str(), "snapshots": snapshots, "layout_s": layout_s})
    );
    Ok(())
}

/// Run [`memory_child`] for `n` points and `layout`; the value is peak / raw bytes.
pub(super) fn memory(n: usize, layout: MemoryLayout) -> anyhow::Result<(f64, Value)> {
    let exe = std::env::current_exe()?;
    let mut command = std::process::Command::new(exe);
    command.args(["bench", "--memory-child", &n.to_string()]);
    if layout != MemoryLayout::Pca {
        command.args(["--memory-layout", layout.as_str()]);
    }
    let out = command.output()?;
    anyhow::ensure!(
        out.status.success(),
        "memory child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout)?;
    let peak = doc["peak_rss"].as_f64().unwrap_or(0.0);
    let raw = doc["raw_bytes"].as_f64().unwrap_or(1.0);
    anyhow::ensure!(
        peak > 0.0,
        "peak memory is only measured on Linux (/proc/self/status)"
    );
    let what = match layout {
        MemoryLayout::Pca => "generate, embed (imported), exact index, PCA, map data",
        MemoryLayout::Tsne => {
            "generate, embed (imported), exact index, PCA, map data, then t-SNE of every point (100k sample fitted, the rest placed) with streamed maps; layout_s: the t-SNE from start to the last map"
        }
        MemoryLayout::Umap => {
            "generate, embed (imported), exact index, PCA, map data, then UMAP of every point (100k sample fitted, the rest placed) with streamed maps; layout_s: the UMAP from start to the last map"
        }
    };
    let mut detail =
        json!({"n": n, "dim": 64, "peak_rss_mb": peak / 1e6, "raw_mb": raw / 1e6, "what": what});
    if layout != MemoryLayout::Pca {
        detail["snapshots"] = doc["snapshots"].clone();
        detail["layout_s"] = doc["layout_s"].clone();
    }
    Ok((peak / raw, detail))
}
