use super::*;
use crate::index::metric::cosine;

/// 200 histories of 8 items, each from one of two disjoint groups: items 0–4 or items 5–9.
fn two_groups() -> Vec<Vec<u32>> {
    let mut g = Gen::new(5);
    (0..200)
        .map(|s| {
            let base = if s % 2 == 0 { 0 } else { 5 };
            (0..8).map(|_| base + g.below(5) as u32).collect()
        })
        .collect()
}

#[test]
fn items_of_one_group_are_nearer_each_other_than_across_groups() {
    let p = Item2VecParams::default();
    // Item 10 is in the catalogue but in no history.
    let model = fit(&two_groups(), 11, &p, &Progress::silent()).unwrap();
    let v = &model.input;
    let cos = |a: usize, b: usize| cosine(&v.row(a).to_vec(), &v.row(b).to_vec()).unwrap();
    let (mut within_min, mut across_max) = (f32::INFINITY, f32::NEG_INFINITY);
    for a in 0..10 {
        for b in (a + 1)..10 {
            if (a < 5) == (b < 5) {
                within_min = within_min.min(cos(a, b));
            } else {
                across_max = across_max.max(cos(a, b));
            }
        }
    }
    // Every pair within a group is nearer than every pair across groups, by a clear margin.
    assert!(
        within_min > across_max + 0.2,
        "least similar within a group {within_min}, most similar across {across_max}"
    );
    assert!(v.row(10).iter().all(|x| *x == 0.0), "no data, zero vector");
    // 200 histories × 8 items × 7 contexts = 11,200 pairs a pass: 370,000 pairs for 10 items
    // take 34 passes.
    assert_eq!(model.epochs, 34);
}

#[test]
fn a_seed_gives_the_same_vectors_bit_for_bit() {
    let p = Item2VecParams {
        dims: 8,
        epochs: 3,
        seed: 9,
        ..Item2VecParams::default()
    };
    let a = fit(&two_groups(), 10, &p, &Progress::silent()).unwrap();
    let b = fit(&two_groups(), 10, &p, &Progress::silent()).unwrap();
    assert_eq!(a, b);
    let c = fit(
        &two_groups(),
        10,
        &Item2VecParams { seed: 10, ..p },
        &Progress::silent(),
    )
    .unwrap();
    assert_ne!(a.input, c.input);
}

#[test]
fn capped_contexts_still_separate_the_groups() {
    // Each item sees 2 of its 7 history mates a pass, drawn from the whole history.
    let p = Item2VecParams {
        max_context: 2,
        ..Item2VecParams::default()
    };
    let v = fit(&two_groups(), 10, &p, &Progress::silent())
        .unwrap()
        .input;
    let cos = |a: usize, b: usize| cosine(&v.row(a).to_vec(), &v.row(b).to_vec()).unwrap();
    let within = (cos(0, 1) + cos(2, 3) + cos(5, 6) + cos(7, 8)) / 4.0;
    let across = (cos(0, 5) + cos(1, 6) + cos(2, 7) + cos(3, 8)) / 4.0;
    assert!(within > across + 0.2, "within {within} across {across}");
}

#[test]
fn automatic_epochs_follow_the_pairs_per_item() {
    // 1,682 items, 6.2 M pairs a pass (the MovieLens-100k-sized calibration log): 10 passes.
    assert_eq!(auto_epochs(6.2e6, 1682), 11);
    assert_eq!(auto_epochs(6.3e6, 1682), 10);
    // Huge data: at least 5; tiny data: at most 100; nothing to learn from: 5.
    assert_eq!(auto_epochs(1e12, 10), 5);
    assert_eq!(auto_epochs(10.0, 10), 100);
    assert_eq!(auto_epochs(0.0, 10), 5);
}

#[test]
fn the_alias_table_draws_in_proportion_to_the_weights() {
    let t = Alias::new(&[1.0, 0.0, 3.0, 4.0]);
    let mut r = Fast(3);
    let mut n = [0_u32; 4];
    for _ in 0..80_000 {
        n[t.draw(&mut r) as usize] += 1;
    }
    assert_eq!(n[1], 0, "weight 0 is never drawn");
    for (i, w) in [(0, 1.0), (2, 3.0), (3, 4.0)] {
        let share = f64::from(n[i]) / 80_000.0;
        assert!((share - w / 8.0).abs() < 0.01, "item {i}: {share}");
    }
}

#[test]
fn users_are_the_mean_of_their_unit_item_vectors() {
    let m = ndarray::array![[3.0_f32, 4.0], [0.0, 0.0], [0.0, 2.0]];
    let u = unit_rows(&m);
    assert_eq!(u, ndarray::array![[0.6_f32, 0.8], [0.0, 0.0], [0.0, 1.0]]);
    assert_eq!(mean_of_rows(&u, &[0, 2]), vec![0.3, 0.9]);
    assert_eq!(mean_of_rows(&u, &[]), vec![0.0, 0.0]);
}

#[test]
fn bad_params_and_no_histories_are_refused() {
    for p in [
        Item2VecParams {
            dims: 0,
            ..Item2VecParams::default()
        },
        Item2VecParams {
            learning_rate: f32::NAN,
            ..Item2VecParams::default()
        },
        Item2VecParams {
            subsample: -1.0,
            ..Item2VecParams::default()
        },
    ] {
        assert!(fit(&[vec![0, 1]], 2, &p, &Progress::silent()).is_err());
    }
    let p = Item2VecParams::default();
    assert!(fit(&[vec![0], vec![1]], 2, &p, &Progress::silent()).is_err());
    let e = fit(&[vec![0, 7]], 2, &p, &Progress::silent()).unwrap_err();
    assert!(e.to_string().contains("outside the catalogue"), "{e}");
}
