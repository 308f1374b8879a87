//! Small hand-checkable datasets for the audit's unit tests.

use ndarray::Array2;

use crate::data::{Dataset, Entities, Features, Interaction, SourceLines, Sources};

/// `items` items `i1…` named "Item 1…" with one feature `x` = row, and `users` users `u1…`;
/// no interactions. Source lines as if read from CSV files with a header (row r on line r + 2).
pub fn toy(items: usize, users: usize) -> Dataset {
    let ids = |p: &str, n: usize| (1..=n).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    let mut it = Entities::new(
        ids("i", items),
        (1..=items).map(|i| format!("Item {i}")).collect(),
    );
    it.features = Features {
        names: vec!["x".into()],
        labels: vec!["x".into()],
        labels_ja: vec!["x".into()],
        values: Array2::from_shape_fn((items, 1), |(r, _)| r as f64),
    };
    let lines = |n: usize| (0..n as u64).map(|r| r + 2).collect::<Vec<_>>();
    Dataset {
        name: "toy".into(),
        name_ja: None,
        root: std::path::PathBuf::from("toy"),
        items: it,
        users: Entities::new(ids("u", users), ids("u", users)),
        interactions: Vec::new(),
        item_vectors: None,
        user_vectors: None,
        trained_by: None,
        interaction_metadata: Vec::new(),
        vocabulary: crate::data::vocabulary::Vocabulary::default(),
        sources: Sources {
            items: SourceLines::new("items.csv", lines(items)),
            users: SourceLines::new("users.csv", lines(users)),
            interactions: SourceLines::default(),
            unknown_ids: Vec::new(),
            sample: None,
        },
    }
}

/// An interaction with rating 1 at `timestamp`.
pub fn interaction(user: u32, item: u32, timestamp: i64) -> Interaction {
    Interaction {
        user,
        item,
        rating: 1.0,
        timestamp: Some(timestamp),
    }
}

/// Set interaction source lines as if read from `interactions.csv` with a header.
pub fn with_interaction_lines(d: &mut Dataset) {
    let lines = (0..d.interactions.len() as u64).map(|r| r + 2).collect();
    d.sources.interactions = SourceLines::new("interactions.csv", lines);
}

#[test]
fn prose_columns_are_not_numbers_codes_or_links() {
    use super::is_text_column;
    let col = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert!(is_text_column(&col(&[
        "A film about a river and a boat.",
        "",
        "駅から少し歩くお手頃なカフェ。"
    ])));
    assert!(!is_text_column(&col(&["en", "ja"])), "codes are short");
    assert!(
        !is_text_column(&col(&["12345678901234567890123", "1"])),
        "numbers"
    );
    assert!(!is_text_column(&col(&[
        "http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)",
        "http://us.imdb.com/M/title-exact?GoldenEye%20(1995)",
    ])));
}
