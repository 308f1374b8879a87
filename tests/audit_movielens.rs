//! The near-duplicate audit on a MovieLens-latest layout (movies.csv + tags.csv + ratings.csv):
//! different films that share their user tags are not near-duplicates (nor are two titles that
//! differ by a word: titles are compared whole by `duplicate_items`), so excluding the finding
//! drops nothing here.

pub mod common;

use std::fmt::Write as _;

use common::cli::{embedscope, json};
use common::dataset;
use serde_json::Value;

const MOVIES: &[u8] = b"movieId,title,genres
1,All the President's Men (1976),Drama|Thriller
2,Frost/Nixon (2008),Drama
3,The Lord of the Rings: The Fellowship of the Ring (2001),Adventure|Fantasy
4,Lord of the Rings: The Fellowship of the Ring (2001),Adventure|Fantasy
5,Heat (1995),Action|Crime|Thriller
";

/// Films 1 and 2 carry the same six tags, as two political films do in ml-latest-small.
fn tags() -> Vec<u8> {
    let mut out = String::from("userId,movieId,tag,timestamp\n");
    for movie in [1, 2] {
        for tag in [
            "politics",
            "president",
            "based on a true story",
            "journalism",
            "Richard Nixon",
            "Watergate",
        ] {
            let _ = writeln!(out, "7,{movie},{tag},1139045764");
        }
    }
    for tag in ["heist", "Al Pacino", "Robert De Niro", "Los Angeles"] {
        let _ = writeln!(out, "8,5,{tag},1139045800");
    }
    out.into_bytes()
}

const RATINGS: &[u8] = b"userId,movieId,rating,timestamp
1,1,4.0,964982703
1,2,4.0,964981247
1,3,4.5,964982224
2,4,5.0,964983815
2,5,3.0,964982931
3,1,3.5,964982400
3,3,4.0,964982401
";

fn near_duplicates(v: &Value) -> Option<&Value> {
    v["findings"]
        .as_array()?
        .iter()
        .find(|f| f["kind"] == "near_duplicate_texts")
}

#[test]
fn shared_tags_are_not_near_duplicates_and_excluding_the_finding_drops_nothing() {
    let tags = tags();
    let dir = dataset(&[
        ("movies.csv", MOVIES),
        ("tags.csv", &tags),
        ("ratings.csv", RATINGS),
    ]);
    let path = dir.path().to_str().unwrap();
    let v = json(&embedscope(&["audit", path, "--json"]));
    // The tags column is there (and long enough to be text), but it is a label list.
    assert_eq!(v["sizes"]["items"], 5);
    assert!(near_duplicates(&v).is_none(), "{}", v["findings"]);

    let v = json(&embedscope(&[
        "run",
        path,
        "--exclude-audit",
        "near_duplicate_texts",
        "--no-workspace",
        "--json",
    ]));
    let excluded = &v["audit_exclusion"];
    assert_eq!(excluded["items_removed"], 0, "{excluded}");
    assert_eq!(excluded["interactions_removed"], 0, "{excluded}");
}
