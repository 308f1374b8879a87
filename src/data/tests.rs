use super::entities::{PARALLEL_SORT_ROWS, ids_are_row_numbers, row_numbers_in_text_order};
use super::*;

#[test]
fn row_number_ids_are_ordered_as_text_without_comparing_strings() {
    for n in [0, 1, 9, 10, 11, 99, 100, 101, 1234] {
        let ids: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        let mut sorted: Vec<u32> = (0..n as u32).collect();
        sorted.sort_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]));
        assert_eq!(row_numbers_in_text_order(n), sorted, "n = {n}");
    }
    let ids: Vec<String> = (0..20).map(|i| i.to_string()).collect();
    assert!(ids_are_row_numbers(&ids));
    let mut padded = ids.clone();
    padded[7] = "07".to_owned();
    assert!(!ids_are_row_numbers(&padded));
    padded[7] = "8".to_owned();
    assert!(!ids_are_row_numbers(&padded));
}

#[test]
fn repeated_and_empty_ids_are_made_unique_by_their_row() {
    let ids = ["b", "a", "b", "", "a", "b"].map(str::to_owned).to_vec();
    let e = Entities::with_unique_ids(ids.clone(), ids);
    assert_eq!(e.ids, ["b", "a", "b#2", "#3", "a#4", "b#5"]);
    assert_eq!(&e.names[2], "b");
    assert_eq!(e.find("b#5"), Some(5));
    assert_eq!(e.find("a"), Some(1));
    // Unique ids are kept as they are; large tables sort on every core, same order.
    let n = PARALLEL_SORT_ROWS + 7;
    let ids: Vec<String> = (0..n).rev().map(|i| i.to_string()).collect();
    let e = Entities::with_unique_ids(ids.clone(), ids.clone());
    assert_eq!(e.ids, ids);
    assert_eq!(e.find("0"), Some(n - 1).map(|r| r as u32));
    assert_eq!(e.find(&ids[5]), Some(5));
}

fn table(ids: &[&str]) -> Entities {
    let ids: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
    Entities::from_ids(ids)
}

#[test]
fn find_returns_the_row_of_an_id() {
    let t = table(&["b", "a", "c10", "c1", ""]);
    assert_eq!(t.find("a"), Some(1));
    assert_eq!(t.find("b"), Some(0));
    assert_eq!(t.find("c1"), Some(3));
    assert_eq!(t.find("c10"), Some(2));
    assert_eq!(t.find(""), Some(4));
    assert_eq!(t.find("c"), None);
    assert_eq!(t.find("d"), None);
    assert_eq!(table(&[]).find("a"), None);
}

#[test]
fn a_repeated_id_finds_its_last_row() {
    // Loaders reject repeated ids; if one slips through, the last row wins (as a map
    // filled in row order would).
    let t = table(&["x", "y", "x"]);
    assert_eq!(t.find("x"), Some(2));
    assert_eq!(t.find("y"), Some(1));
}

#[test]
fn names_equal_to_the_ids_are_the_same_buffer_not_a_copy() {
    let ids = ["a", "b", "c"].map(str::to_owned).to_vec();
    let same = Entities::new(ids.clone(), ids.clone());
    assert!(same.names.shares_with(&same.ids));
    assert!(!Entities::from_ids(ids.clone()).names.shares_with(&same.ids));
    let own = Entities::from_ids(ids.clone());
    assert!(own.names.shares_with(&own.ids));
    assert_eq!(own.name(1, false), "b");
    let named = Entities::new(ids, ["A", "B", "C"].map(str::to_owned).to_vec());
    assert!(!named.names.shares_with(&named.ids));
    assert_eq!(named.name(1, false), "B");
    assert_eq!(named.find("b"), Some(1));
}
