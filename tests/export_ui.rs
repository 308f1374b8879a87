//! Exports from the GUI (kittest, no window): each Export command carrying a path (the save
//! dialog skipped) writes its files off the UI thread, the banner lists them, and the files read
//! back: the projector pair and the `.npy` give the run's vectors bit for bit, the CSVs hold the
//! selection, the PNG decodes to the size written.

pub mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::kittest::{Slot, app, harness, push, step_until};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedscope::gui::state::{Banner, Command, ExportKind};

/// Export to `path` and wait for the outcome; returns the files the banner lists.
fn export(h: &mut Harness<'_, Slot>, kind: ExportKind, path: &Path) -> Vec<PathBuf> {
    push(h, Command::Export(kind, Some(path.to_path_buf())));
    h.run_steps(2);
    step_until(h, |a| a.state.exporting.is_none());
    match &app(h).state.banner {
        Some(Banner::Exported(files)) => files.clone(),
        other => panic!("{kind:?}: expected the files written, found {other:?}"),
    }
}

fn same_bits(a: &ndarray::Array2<f32>, b: ndarray::ArrayView2<'_, f32>) -> bool {
    a.dim() == b.dim()
        && a.iter()
            .zip(b.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits())
}

#[test]
fn every_export_writes_files_that_read_back() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, |a| {
        a.state.run.is_some() && a.state.running.is_none()
    });
    let dir = tempfile::tempdir().unwrap();
    let run = Arc::clone(app(&h).state.run.as_ref().unwrap());
    assert_eq!(run.points.len(), 227);
    // The top bar offers the menu once a run is on screen.
    h.get_by_label("Export…").click();
    h.run_steps(2);
    h.get_by_label("The map as PNG…");

    // Projector pair: re-imported, the same vectors bit for bit (items then users).
    let proj = dir.path().join("proj");
    let files = export(&mut h, ExportKind::Projector, &proj);
    assert_eq!(files, [proj.join("vectors.tsv"), proj.join("metadata.tsv")]);
    h.get_by_label_contains("Exported:");
    let back = embedscope::data::formats::load(&proj, None).unwrap();
    assert!(same_bits(&back.item_vectors.unwrap(), run.index.data()));
    assert_eq!(&back.items.ids[0], "c001");

    // .npy beside its coordinates CSV.
    let npy = dir.path().join("v.npy");
    let files = export(&mut h, ExportKind::Npy, &npy);
    assert_eq!(files, [npy.clone(), dir.path().join("v.csv")]);
    let m = embedscope::data::formats::npy::read_matrix(&npy).unwrap();
    assert!(same_bits(&m, run.index.data()));

    // Coordinates: the map on screen, one row per point.
    let csv = dir.path().join("xy.csv");
    export(&mut h, ExportKind::CoordinatesCsv, &csv);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 228);
    let first: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(&first[..4], ["c001", "Café Komorebi", "item", "cafe"]);
    let x: f64 = first[4].parse().unwrap();
    assert!((x - app(&h).state.map.as_ref().unwrap().xy[0][0]).abs() < 1e-6);

    // PNG of the map.
    let png = dir.path().join("map.png");
    export(&mut h, ExportKind::MapPng, &png);
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    // IHDR: width and height, big-endian, at bytes 16..24.
    assert_eq!(&bytes[16..24], [0, 0, 4, 176, 0, 0, 3, 132]);
}

#[test]
fn neighbours_and_recommendations_cover_the_selection() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, |a| {
        a.state.run.is_some() && a.state.running.is_none()
    });
    let dir = tempfile::tempdir().unwrap();
    // Nothing selected: nothing written, and the banner says what to do.
    let nb = dir.path().join("nb.csv");
    push(
        &mut h,
        Command::Export(ExportKind::NeighboursCsv, Some(nb.clone())),
    );
    h.run_steps(3);
    assert!(!nb.exists());
    h.get_by_label("Select or mark points first (users, for recommendations).");

    let run = Arc::clone(app(&h).state.run.as_ref().unwrap());
    let user = (0..run.points.len())
        .find(|&p| run.points[p].kind == embedscope::data::Kind::User)
        .unwrap();
    push(&mut h, Command::SetK(3));
    push(&mut h, Command::Mark(vec![0, 1]));
    push(&mut h, Command::Select(Some(user)));
    h.run_steps(3);
    export(&mut h, ExportKind::NeighboursCsv, &nb);
    let text = std::fs::read_to_string(&nb).unwrap();
    let queries: std::collections::BTreeSet<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let user_id = &run.data.users.ids[run.points[user].row as usize];
    assert_eq!(queries, ["c001", "c002", user_id].into_iter().collect());
    // Three per metric per query (the filter is "all": a zero vector would lose its cosine list).
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("c001,euclidean,"))
            .count(),
        3
    );

    let rec = dir.path().join("rec.csv");
    export(&mut h, ExportKind::RecommendationsCsv, &rec);
    let text = std::fs::read_to_string(&rec).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("user_id,rank,item_id,score,reason")
    );
    assert_eq!(text.lines().count(), 11);
    assert!(
        text.lines()
            .skip(1)
            .all(|l| l.starts_with(&format!("{user_id},")))
    );
}
