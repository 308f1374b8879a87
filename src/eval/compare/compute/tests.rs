use ndarray::{Array2, array};

use super::*;
use crate::data::StrColumn;
use crate::eval::compare::Side;

fn names(prefix: &str, n: usize) -> StrColumn {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

fn items<'a>(ids: &'a StrColumn, cats: Option<&'a StrColumn>, v: &'a Array2<f32>) -> RunItems<'a> {
    RunItems {
        ids,
        titles: ids,
        categories: cats,
        vectors: v.view(),
    }
}

fn run(a: &RunItems<'_>, b: &RunItems<'_>, k: usize, centre: bool) -> Result<Comparison> {
    compare(a, b, &CompareParams { k, centre }, &Progress::silent())
}

/// Points on the unit circle at these angles (degrees).
fn circle(degrees: &[f32]) -> Array2<f32> {
    Array2::from_shape_fn((degrees.len(), 2), |(i, j)| {
        let r = degrees[i].to_radians();
        if j == 0 { r.cos() } else { r.sin() }
    })
}

#[test]
fn a_rotated_shifted_scaled_copy_in_another_order_changes_nothing() {
    let mut g = crate::rng::Gen::new(7);
    let a = Array2::from_shape_fn((30, 3), |_| g.normal() as f32);
    // Rotation about z by 40° then about x by 25°, scale 2.5, shift (3, −1, 7).
    let (sz, cz) = 40.0_f32.to_radians().sin_cos();
    let (sx, cx) = 25.0_f32.to_radians().sin_cos();
    let rz = array![[cz, -sz, 0.0], [sz, cz, 0.0], [0.0, 0.0, 1.0]];
    let rx = array![[1.0, 0.0, 0.0], [0.0, cx, -sx], [0.0, sx, cx]];
    let moved = a.dot(&rz).dot(&rx) * 2.5 + &array![3.0_f32, -1.0, 7.0];
    // B lists the same items in reverse order.
    let ids_a = names("i", 30);
    let ids_b: StrColumn = ids_a.iter().rev().collect();
    let mut b = moved.clone();
    b.invert_axis(ndarray::Axis(0));
    let c = run(&items(&ids_a, None, &a), &items(&ids_b, None, &b), 5, true).unwrap();
    assert_eq!((c.shared, c.only_a, c.only_b, c.k), (30, 0, 0, 5));
    assert!(c.disparity.abs() < 1e-9, "{}", c.disparity);
    assert!(!c.reflection);
    assert!(
        c.items.iter().all(|i| i.displacement < 1e-4),
        "{:?}",
        c.items[0]
    );
    assert!(c.items.iter().all(|i| (i.jaccard - 1.0).abs() < 1e-12));
    assert!((c.mean_jaccard - 1.0).abs() < 1e-12);
    // All ties at Jaccard 1: listed by id; rows point back into each run.
    assert_eq!(c.items[0].id, "i0");
    assert_eq!(c.items[1].id, "i1");
    assert_eq!(c.items[0].row_b, 29);
    assert_eq!(c.items[0].neighbours_a, c.items[0].neighbours_b);
    assert_eq!(c.items[0].neighbours_a.len(), 5);
    assert!(c.notes.is_empty(), "{:?}", c.notes);
}

#[test]
fn a_mirror_image_changes_nothing_but_is_reported() {
    let a = circle(&[0.0, 10.0, 25.0, 45.0, 70.0, 100.0]) * 3.0;
    let b = a.dot(&array![[1.0_f32, 0.0], [0.0, -1.0]]);
    let ids = names("i", 6);
    let c = run(&items(&ids, None, &a), &items(&ids, None, &b), 2, true).unwrap();
    assert!(c.reflection);
    assert!(c.disparity.abs() < 1e-9);
    assert!(c.items.iter().all(|i| (i.jaccard - 1.0).abs() < 1e-12));
}

#[test]
fn moving_one_item_gives_hand_checked_jaccards() {
    // Raw cosine neighbours, k = 2, of points at 0°, 10°, 25°, 45°, 70°, 100°:
    // i0 {i1,i2}, i1 {i0,i2}, i2 {i1,i3}, i3 {i2,i4}, i4 {i3,i5}, i5 {i4,i3}.
    // Moving i0 to 80°: i0 {i4,i5}, i1 {i2,i3}, i2 {i1,i3}, i3 {i2,i4}, i4 {i0,i3}, i5 {i0,i4}.
    let a = circle(&[0.0, 10.0, 25.0, 45.0, 70.0, 100.0]);
    let b = circle(&[80.0, 10.0, 25.0, 45.0, 70.0, 100.0]);
    let ids = names("i", 6);
    let c = run(&items(&ids, None, &a), &items(&ids, None, &b), 2, false).unwrap();
    let got: Vec<(&str, f64)> = c.items.iter().map(|i| (i.id.as_str(), i.jaccard)).collect();
    let third = 1.0 / 3.0;
    // Jaccard: i0 0; i1, i4, i5 1/3; i2, i3 1 — ties listed by displacement, larger first.
    let groups: [(&[&str], f64); 3] = [
        (&["i0"], 0.0),
        (&["i1", "i4", "i5"], third),
        (&["i2", "i3"], 1.0),
    ];
    let mut at = 0;
    for (ids, j) in groups {
        let part = &c.items[at..at + ids.len()];
        let mut part_ids: Vec<&str> = part.iter().map(|i| i.id.as_str()).collect();
        part_ids.sort_unstable();
        assert_eq!(part_ids, ids, "{got:?}");
        assert!(
            part.iter().all(|i| (i.jaccard - j).abs() < 1e-12),
            "{got:?}"
        );
        assert!(
            part.windows(2)
                .all(|w| w[0].displacement >= w[1].displacement),
            "{got:?}"
        );
        at += ids.len();
    }
    assert_eq!(c.items[0].neighbours_a, ["i1", "i2"]);
    assert_eq!(c.items[0].neighbours_b, ["i4", "i5"]);
    assert!((c.mean_jaccard - (0.0 + 3.0 * third + 2.0) / 6.0).abs() < 1e-12);
    // The item that moved is the one displaced most.
    let most = c
        .items
        .iter()
        .max_by(|x, y| x.displacement.total_cmp(&y.displacement))
        .unwrap();
    assert_eq!(most.id, "i0");
}

#[test]
fn stretching_one_axis_shifts_category_centres_by_hand_checked_amounts() {
    // A: x = (−2, 1), (2, 1); y = (−2, −1), (2, −1). B: the same with the vertical axis doubled.
    // AᵀB = diag(16, 8) → R = I, s = 24/√(20·32), disparity 1 − s² = 0.1. In A's standardised
    // frame (norm √20) each centre moves from y = ±1/√20 to ±s·2/√32, a gap of 0.5/√20 — in RMS
    // radius units (1/√4) that is 1/√20; each item moves √0.1.
    let a = array![[-2.0_f32, 1.0], [2.0, 1.0], [-2.0, -1.0], [2.0, -1.0]];
    let b = array![[-2.0_f32, 2.0], [2.0, 2.0], [-2.0, -2.0], [2.0, -2.0]];
    let ids = names("p", 4);
    let cats: StrColumn = ["x", "x", "y", "y"].iter().collect();
    let c = run(
        &items(&ids, Some(&cats), &a),
        &items(&ids, None, &b),
        10,
        true,
    )
    .unwrap();
    assert!((c.disparity - 0.1).abs() < 1e-9, "{}", c.disparity);
    assert!((c.scale - 24.0 / 640.0_f64.sqrt()).abs() < 1e-9);
    assert_eq!(c.categories.len(), 2);
    assert_eq!(
        (c.categories[0].category.as_str(), c.categories[0].items),
        ("x", 2)
    );
    for s in &c.categories {
        assert!((s.shift - 1.0 / 20.0_f64.sqrt()).abs() < 1e-6, "{s:?}");
    }
    assert!(
        c.items
            .iter()
            .all(|i| (i.displacement - 0.1_f64.sqrt()).abs() < 1e-6)
    );
    assert_eq!(c.items[0].category, "x");
    // k = 10 among 4 items: 3 others, with a note.
    assert_eq!(c.k, 3);
    assert_eq!(
        c.notes,
        [Note::KClamped {
            requested: 10,
            used: 3
        }]
    );
    assert!(c.notes[0].to_string().contains("using k = 3"));
}

#[test]
fn partial_overlap_other_dimensions_and_rows_for_the_map() {
    let a = circle(&[0.0, 10.0, 25.0, 45.0, 70.0]);
    let b = array![[1.0_f32, 0.0, 2.0], [0.0, 1.0, 1.0], [3.0, 1.0, 0.0]];
    let ids_a: StrColumn = ["a", "b", "c", "d", "e"].iter().collect();
    let ids_b: StrColumn = ["d", "z", "b"].iter().collect();
    let c = run(&items(&ids_a, None, &a), &items(&ids_b, None, &b), 10, true).unwrap();
    assert_eq!((c.shared, c.only_a, c.only_b), (2, 3, 1));
    assert_eq!((c.dim_a, c.dim_b, c.k), (2, 3, 1));
    assert!(c.notes.contains(&Note::Padded { dim_a: 2, dim_b: 3 }));
    assert!(c.categories.is_empty());
    // Two points always align exactly.
    assert!(c.disparity.abs() < 1e-9);
    let by_a = c.jaccard_by_row(Side::A, 5);
    assert_eq!(by_a, [None, Some(1.0), None, Some(1.0), None]);
    let by_b = c.displacement_by_row(Side::B, 3);
    assert!(by_b[1].is_none() && by_b[0].is_some_and(|d| d.abs() < 1e-5));
}

#[test]
fn too_few_shared_items_and_bad_params_are_clear_errors() {
    let a = circle(&[0.0, 10.0]);
    let ids_a: StrColumn = ["a", "b"].iter().collect();
    let ids_b: StrColumn = ["b", "z"].iter().collect();
    let e = run(&items(&ids_a, None, &a), &items(&ids_b, None, &a), 10, true)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("only 1 item id(s) are in both runs") && e.contains("at least 2"),
        "{e}"
    );
    let e = run(&items(&ids_a, None, &a), &items(&ids_a, None, &a), 0, true).unwrap_err();
    assert!(e.to_string().contains("k (neighbours per item)"), "{e}");
    let short = names("i", 3);
    let e = run(&items(&short, None, &a), &items(&ids_a, None, &a), 1, true).unwrap_err();
    assert!(e.to_string().contains("run A: 3 ids but"), "{e}");
}
