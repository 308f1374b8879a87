//! t-SNE and UMAP layouts kept with a run: they come back with the run (only when they fit),
//! with their parameters and warnings, older maps without details still read, and the save of
//! the newest generation wins whatever order saves land in.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use ndarray::Array2;

use super::{
    Finished, FinishedTsne, FinishedUmap, SavedLayout, next_generation, run_in_workspace,
    save_layout,
};
use crate::pipeline::RunParams;
use crate::pipeline::progress::Progress;
use crate::project::tsne::{TsneOutput, TsneParams};
use crate::project::umap::{UmapOutput, UmapParams};
use crate::project::warning::ProjectionWarning;
use crate::store::{Location, Workspace};

fn cafes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes")
}

/// A workspace in memory with the cafés run saved in it: (workspace, its location, run id,
/// points). The workspace must stay alive: the memory database goes with its last connection.
fn workspace_with_run() -> (Workspace, Location, i64, usize) {
    let ws = Workspace::in_memory(None).unwrap();
    let location = ws.location().clone();
    let first = run_in_workspace(&RunParams::new(cafes()), &location, &Progress::silent()).unwrap();
    assert_eq!(
        (first.saved_tsne.as_ref(), first.saved_umap.as_ref()),
        (None, None)
    );
    (ws, location, first.run_id.unwrap(), first.points.len())
}

fn reopen(location: &Location) -> crate::pipeline::RunOutput {
    run_in_workspace(&RunParams::new(cafes()), location, &Progress::silent()).unwrap()
}

fn tsne(xy: Array2<f32>, generation: u64) -> FinishedTsne {
    FinishedTsne {
        params: Some(TsneParams {
            perplexity: 100.0,
            iterations: 300,
            learning_rate: Some(150.0),
            seed: 9,
            pca_init: false,
        }),
        out: TsneOutput {
            xy,
            perplexity: 48.5,
            gradient: "barnes-hut",
            neighbours: 145,
            kl_divergence: Some(1.5),
            warnings: vec![
                ProjectionWarning::PerplexityClamped {
                    requested: 100.0,
                    used: 48.5,
                    points: 147,
                },
                ProjectionWarning::Sampled {
                    method: "t-SNE",
                    sample: 100_000,
                    total: 120_000,
                    seed: 9,
                    neighbours: 10,
                },
            ],
        },
        generation,
        // Fit on vectors scaled per kind: kept with the layout.
        scaled: true,
    }
}

fn umap(xy: Array2<f32>, generation: u64) -> FinishedUmap {
    FinishedUmap {
        params: Some(UmapParams {
            neighbours: 200,
            min_dist: 0.25,
            spread: 1.5,
            epochs: Some(60),
            seed: 4,
        }),
        out: UmapOutput {
            xy,
            neighbours: 146,
            epochs: 60,
            a: 1.25,
            b: 0.75,
            edges: 1000,
            warnings: vec![
                ProjectionWarning::NeighboursClamped {
                    requested: 200,
                    used: 146,
                    points: 147,
                },
                ProjectionWarning::IdenticalPoints,
            ],
        },
        generation,
        scaled: false,
    }
}

#[test]
fn saved_tsne_and_umap_come_back_with_the_run_and_only_when_they_fit() {
    let (_ws, location, id, n) = workspace_with_run();
    let u = Array2::from_shape_fn((n, 2), |(r, c)| (r * 2 + c) as f32);
    let t = Array2::from_shape_fn((n, 2), |(r, c)| -((r * 2 + c) as f32));
    assert!(save_layout(&location, id, &Finished::Umap(umap(u.clone(), 1))).unwrap());
    assert!(save_layout(&location, id, &Finished::Tsne(tsne(t.clone(), 1))).unwrap());
    let back = reopen(&location);
    assert_eq!(back.run_id, Some(id));
    let got = back.saved_umap.unwrap().out.xy;
    assert!((got[[n - 1, 1]] - (2 * n - 1) as f32).abs() < 1e-6);
    assert_eq!(got, u);
    assert_eq!(back.saved_tsne.unwrap().out.xy, t);
    // A later UMAP replaces the first; a layout of another size is not shown.
    let other = Array2::from_elem((n, 2), 7.0_f32);
    save_layout(&location, id, &Finished::Umap(umap(other, 2))).unwrap();
    let back = reopen(&location);
    assert!((back.saved_umap.unwrap().out.xy[[0, 0]] - 7.0).abs() < 1e-6);
    let short = Array2::from_elem((n - 1, 2), 1.0_f32);
    save_layout(&location, id, &Finished::Umap(umap(short, 3))).unwrap();
    let back = reopen(&location);
    assert_eq!(back.saved_umap, None);
    assert_eq!(back.saved_tsne.unwrap().out.xy, t);
    assert_eq!(SavedLayout::Umap.as_str(), "umap");
}

#[test]
fn a_restored_layout_keeps_its_parameters_and_warnings() {
    let (_ws, location, id, n) = workspace_with_run();
    let t = tsne(Array2::from_elem((n, 2), 0.5), 41);
    let u = umap(Array2::from_elem((n, 2), -0.5), 42);
    save_layout(&location, id, &Finished::Tsne(t.clone())).unwrap();
    save_layout(&location, id, &Finished::Umap(u.clone())).unwrap();
    let back = reopen(&location);
    // Everything, field by field: the layout, the parameters asked for, what the method
    // reported, the warnings (the sample and the lowered perplexity) and the generation.
    let got = back.saved_tsne.unwrap();
    assert_eq!(got, t);
    assert_eq!(got.params.as_ref().map(|p| p.seed), Some(9));
    assert!((got.out.perplexity - 48.5).abs() < 1e-6);
    assert_eq!(got.out.warnings.len(), 2);
    assert_eq!(
        got.out.warnings[1].to_string(),
        "t-SNE laid out a random sample of 100000 of the 120000 points (seed 9); the other \
         20000 were placed at the weighted mean of their 10 nearest sampled points"
    );
    let got = back.saved_umap.unwrap();
    assert_eq!(got, u);
    assert!((got.params.unwrap().min_dist - 0.25).abs() < 1e-6);
    assert_eq!(got.generation, 42);
}

#[test]
fn a_map_saved_without_details_still_comes_back() {
    let (mut ws, location, id, n) = workspace_with_run();
    // As an older build saved it: the map alone.
    let xy = Array2::from_elem((n, 2), 3.0_f32);
    ws.save_projection(id, "tsne", xy.view()).unwrap();
    let back = reopen(&location);
    let got = back.saved_tsne.unwrap();
    assert_eq!(got.out.xy, xy);
    assert_eq!(got.params, None);
    assert!(got.out.warnings.is_empty());
    assert_eq!((got.generation, got.out.gradient), (0, "saved"));
    // Details from another version: unknown fields and warning kinds are skipped.
    let json = r#"{"umap":{"neighbours":5,"future":1},"epochs":9,
        "warnings":[{"kind":"identical_points"},{"kind":"from_the_future","x":1}]}"#;
    ws.save_projection_if_newer(id, "umap", xy.view(), 3, json)
        .unwrap();
    let got = reopen(&location).saved_umap.unwrap();
    let params = got.params.unwrap();
    assert_eq!((params.neighbours, params.seed, got.out.epochs), (5, 1, 9));
    assert_eq!(got.out.warnings, vec![ProjectionWarning::IdenticalPoints]);
}

#[test]
fn a_damaged_detail_drops_only_itself() {
    let (mut ws, location, id, n) = workspace_with_run();
    let xy = Array2::from_elem((n, 2), 1.0_f32);
    // A NaN written by serde_json as null (`a`, a warning's `requested`) and a field of the
    // wrong type (`epochs`): the other details still read.
    let json = r#"{"umap":{"neighbours":7},"a":null,"b":0.9,"epochs":"many","edges":12,
        "warnings":[{"kind":"perplexity_clamped","requested":null,"used":3.0,"points":10},
                    {"kind":"identical_points"}]}"#;
    ws.save_projection_if_newer(id, "umap", xy.view(), 5, json)
        .unwrap();
    let got = reopen(&location).saved_umap.unwrap();
    assert_eq!(got.params.unwrap().neighbours, 7);
    assert!((got.out.b - 0.9).abs() < 1e-6 && got.out.a.abs() < 1e-6);
    assert_eq!((got.out.edges, got.out.epochs), (12, 0));
    assert_eq!(got.out.warnings, vec![ProjectionWarning::IdenticalPoints]);
    assert_eq!(got.generation, 5);
}

#[test]
fn the_newest_layout_wins_whatever_order_the_saves_land_in() {
    let (_ws, location, id, n) = workspace_with_run();
    let layout = |g: u64| Finished::Tsne(tsne(Array2::from_elem((n, 2), g as f32), g));
    // The newer save lands first; the older one arrives late and changes nothing.
    assert!(save_layout(&location, id, &layout(5)).unwrap());
    assert!(!save_layout(&location, id, &layout(3)).unwrap());
    let got = reopen(&location).saved_tsne.unwrap();
    assert_eq!(got.generation, 5);
    assert!((got.out.xy[[0, 0]] - 5.0).abs() < 1e-6);
    // Eight saves at once from eight threads: the largest generation is the one kept.
    let start = Arc::new(Barrier::new(8));
    let savers: Vec<_> = (6..14_u64)
        .rev()
        .map(|g| {
            let (location, start, layout) = (location.clone(), Arc::clone(&start), layout(g));
            std::thread::Builder::new()
                .name(format!("test-save-{g}"))
                .spawn(move || {
                    start.wait();
                    save_layout(&location, id, &layout).unwrap()
                })
                .unwrap()
        })
        .collect();
    let written = savers
        .into_iter()
        .map(|s| s.join().unwrap())
        .filter(|w| *w)
        .count();
    assert!(written >= 1);
    let got = reopen(&location).saved_tsne.unwrap();
    assert_eq!(got.generation, 13);
    assert!((got.out.xy[[n - 1, 1]] - 13.0).abs() < 1e-6);
}

#[test]
fn generations_increase_and_pass_the_clock() {
    // Far above the clock: one more.
    assert_eq!(next_generation(1 << 60), (1 << 60) + 1);
    // From 0: the wall clock in ms (after 2020-01-01), so above an earlier session's saves.
    let now = next_generation(0);
    assert!(now > 1_577_836_800_000, "{now}");
    assert!(next_generation(now) > now);
}
