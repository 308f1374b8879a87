//! `embedscope export`: each output format, what `--json` reports, and re-importing the files.

pub mod common;

use std::path::Path;

use common::cli::{embedscope, json};
use common::sample;
use serde_json::Value;

fn export(format: &str, out: &Path, extra: &[&str]) -> Value {
    let cafes = sample("cafes");
    let mut args = vec![
        "export",
        cafes.to_str().expect("utf-8 path"),
        "--format",
        format,
        "--out",
        out.to_str().expect("utf-8 path"),
        "--json",
    ];
    args.extend_from_slice(extra);
    json(&embedscope(&args))
}

/// The files listed in the JSON exist with the sizes it says.
fn files(v: &Value) -> Vec<String> {
    v["files"]
        .as_array()
        .expect("a files list")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("a path");
            let size = std::fs::metadata(path).expect("the file exists").len();
            assert_eq!(f["bytes"].as_u64(), Some(size), "{path}");
            path.to_owned()
        })
        .collect()
}

#[test]
fn projector_folder_and_npy_round_trip_through_run() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("proj");
    let v = export("projector", &proj, &[]);
    assert_eq!(v["format"], "projector");
    assert_eq!(v["method"], "features");
    // 147 cafés and the 80 users, all placed.
    assert_eq!(v["points"], 227);
    let written = files(&v);
    assert!(written[0].ends_with("vectors.tsv") && written[1].ends_with("metadata.tsv"));
    let back = json(&embedscope(&["run", proj.to_str().unwrap(), "--json"]));
    assert_eq!(back["items"], 227);
    assert_eq!(back["method"], "imported");
    assert_eq!(back["dimension"], 4);

    // Exports never create folders: the folder is made here.
    std::fs::create_dir(dir.path().join("map")).unwrap();
    let npy = dir.path().join("map/vectors.npy");
    let v = export("npy", &npy, &["--method", "als"]);
    assert_eq!(v["method"], "als");
    let written = files(&v);
    assert!(written[1].ends_with("map/vectors.csv"));
    // Bit for bit: the exported vectors are the run's vectors.
    let run = embedscope::pipeline::run(
        &embedscope::pipeline::RunParams {
            // `--method als` runs the app's ALS defaults (one set for every command).
            embed: embedscope::pipeline::compare::default_params(embedscope::embed::Method::Als),
            ..embedscope::pipeline::RunParams::new(sample("cafes"))
        },
        &embedscope::pipeline::progress::Progress::silent(),
    )
    .unwrap();
    let back = embedscope::data::formats::load(&npy, None).unwrap();
    let vectors = back.item_vectors.unwrap();
    assert_eq!(vectors.dim(), run.index.data().dim());
    assert!(
        vectors
            .iter()
            .zip(run.index.data().iter())
            .all(|(a, b)| a.to_bits() == b.to_bits())
    );
    assert_eq!(&back.items.ids[0], "c001");
    let v = json(&embedscope(&[
        "run",
        npy.to_str().unwrap(),
        "--format",
        "npy",
        "--json",
    ]));
    assert_eq!(v["items"], run.points.len());
}

#[test]
fn csv_jsonl_png_neighbours_and_recommendations() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("map.csv");
    files(&export("csv", &csv, &[]));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().next(), Some("id,name,kind,category,x,y"));
    assert_eq!(text.lines().count(), 228);
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("c001,Café Komorebi,item,cafe,")
    );

    let jsonl = dir.path().join("points.jsonl");
    files(&export("jsonl", &jsonl, &["--map", "tsne"]));
    let v = json(&embedscope(&["run", jsonl.to_str().unwrap(), "--json"]));
    assert_eq!(
        (v["items"].as_u64(), v["method"].as_str()),
        (Some(227), Some("imported"))
    );

    let png = dir.path().join("map.png");
    let v = export("png", &png, &["--size", "300x200"]);
    assert_eq!(v["map"], "pca");
    let bytes = std::fs::read(&files(&v)[0]).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // Width and height in the IHDR chunk.
    assert_eq!(&bytes[16..24], &[0, 0, 1, 44, 0, 0, 0, 200]);

    let nb = dir.path().join("nb.csv");
    files(&export("neighbours", &nb, &["--k", "3"]));
    let text = std::fs::read_to_string(&nb).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("query_id,metric,rank,neighbour_id,score")
    );
    // 147 items × 2 metrics × 3 neighbours.
    assert_eq!(text.lines().count(), 1 + 147 * 6);
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("c001,euclidean,1,c002,")
    );

    let recs = dir.path().join("recs.csv");
    files(&export("recommendations", &recs, &["--n", "2"]));
    let text = std::fs::read_to_string(&recs).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("user_id,rank,item_id,score,reason")
    );
    assert_eq!(text.lines().count(), 1 + 80 * 2);
    assert!(text.lines().nth(1).unwrap().starts_with("u01,1,"));
    assert!(text.contains("because of "));
}

#[test]
fn export_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cafes = sample("cafes");
    let out = dir.path().join("x.png");
    let o = embedscope(&[
        "export",
        cafes.to_str().unwrap(),
        "--format",
        "png",
        "--out",
        out.to_str().unwrap(),
        "--size",
        "big",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("--size: expected WIDTHxHEIGHT in pixels, like 1200x900, found \"big\"")
    );
    let o = embedscope(&[
        "export",
        cafes.to_str().unwrap(),
        "--format",
        "csv",
        "--method",
        "imported",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("has no imported vectors"));
    assert!(!out.exists());
    let o = embedscope(&["export", "--help"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("a folder for `projector`"));
}

#[test]
fn umap_map_is_seeded_and_has_the_csv_shape() {
    let dir = tempfile::tempdir().unwrap();
    let (pca, umap, again) = (
        dir.path().join("pca.csv"),
        dir.path().join("umap.csv"),
        dir.path().join("umap2.csv"),
    );
    files(&export("csv", &pca, &[]));
    let v = export("csv", &umap, &["--map", "umap"]);
    assert_eq!(v["map"], "umap");
    assert_eq!(v["points"], 227);
    files(&v);
    files(&export("csv", &again, &["--map", "umap"]));
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let (pca, umap, again) = (read(&pca), read(&umap), read(&again));
    // Same header and rows as the PCA map, other coordinates; the same map twice (seeded).
    assert_eq!(umap.lines().next(), Some("id,name,kind,category,x,y"));
    assert_eq!(umap.lines().count(), 228);
    assert!(
        umap.lines()
            .nth(1)
            .unwrap()
            .starts_with("c001,Café Komorebi,item,cafe,")
    );
    assert_ne!(umap, pca);
    assert_eq!(umap, again);
    let xy = |line: &str| -> Vec<f64> {
        line.rsplitn(3, ',')
            .take(2)
            .map(|v| v.parse().unwrap())
            .collect()
    };
    for line in umap.lines().skip(1) {
        assert!(xy(line).iter().all(|v| v.is_finite()), "{line}");
    }
}
