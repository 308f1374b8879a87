//! Data-quality problems planted in the streaming sample, for the data audit to find (and for
//! people to practise cleaning on). Drawn from their own seeded stream and appended after the
//! generated rows, so the rest of the sample is unchanged:
//!
//! - items 5001–5003: the same film entered again under a new id — 5001 an exact copy of its
//!   row, 5002 with the title in capitals and doubled spaces, 5003 with the title in full-width
//!   letters (all three with the original's description);
//! - items 5004–5005: other films whose descriptions were copied from an existing one with a
//!   sentence added (near-duplicate texts);
//! - users 2001–2002: spam accounts rating hundreds of films within minutes (all 5s, all 1s);
//! - two interaction rows written twice (exact duplicates).

use std::fmt::Write as _;

use super::Gen;
use super::streaming_text::TextGen;

/// Seed offset of the planting stream (xor-ed with the sample's seed).
const PLANT_SALT: u64 = 0x0070_6c61_6e74; // "plant"

/// Ids of the planted items that copy an existing one.
pub const DUPLICATE_ITEMS: [&str; 3] = ["5001", "5002", "5003"];
/// Ids of the planted items whose description is a near-copy.
pub const NEAR_DUPLICATE_ITEMS: [&str; 2] = ["5004", "5005"];
/// Ids of the planted spam users.
pub const SPAM_USERS: [&str; 2] = ["2001", "2002"];
/// How many interaction rows are written twice.
pub const DUPLICATE_INTERACTIONS: usize = 2;

/// Column positions in the streaming `items.csv`.
const TITLE: usize = 1;
const LANGUAGE: usize = 5;
const DESCRIPTION: usize = 6;

/// The planting stream for a sample seed.
pub(super) fn stream(seed: u64) -> Gen {
    Gen::new(seed ^ PLANT_SALT)
}

/// Append the planted item rows to `rows` (header excluded; column 0 is the id).
pub(super) fn items(rows: &mut Vec<Vec<String>>, g: &mut Gen, text: &mut TextGen) {
    let n = rows.len();
    let mut picked: Vec<usize> = Vec::new();
    let mut pick = |g: &mut Gen, language: &str| loop {
        let r = g.below(n);
        if rows[r][LANGUAGE] == language && !picked.contains(&r) {
            picked.push(r);
            return r;
        }
    };
    let originals = [
        pick(g, "en"),
        pick(g, "en"),
        pick(g, "en"),
        pick(g, "en"),
        pick(g, "ja"),
    ];
    let next_id = |rows: &Vec<Vec<String>>| (rows.len() + 1).to_string();
    // 5001: the whole row again.
    let mut copy = rows[originals[0]].clone();
    copy[0] = next_id(rows);
    rows.push(copy);
    // 5002: title in capitals with doubled spaces.
    let mut copy = rows[originals[1]].clone();
    copy[0] = next_id(rows);
    copy[TITLE] = copy[TITLE].to_uppercase().replace(' ', "  ");
    rows.push(copy);
    // 5003: title in full-width letters.
    let mut copy = rows[originals[2]].clone();
    copy[0] = next_id(rows);
    copy[TITLE] = copy[TITLE].chars().map(full_width).collect();
    rows.push(copy);
    // 5004, 5005: new titles, descriptions copied with a few words added.
    for (k, &o) in originals[3..].iter().enumerate() {
        let mut copy = rows[o].clone();
        copy[0] = next_id(rows);
        let japanese = k == 1;
        copy[TITLE] = text.title(japanese, g.below(16), g.below(16));
        copy[DESCRIPTION].push_str(if japanese {
            "4Kリマスター版。"
        } else {
            " Now restored in 4K."
        });
        rows.push(copy);
    }
}

/// ASCII letters and digits to their full-width forms (U+FF01…), spaces to the ideographic space.
fn full_width(c: char) -> char {
    match c {
        ' ' => '\u{3000}',
        '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
        _ => c,
    }
}

/// Append the spam users to `users` (rows of `users.csv`) and their interactions plus the
/// duplicated rows to `interactions` (the `interactions.csv` text, header first).
pub(super) fn users_and_interactions(
    users: &mut Vec<[String; 6]>,
    interactions: &mut String,
    g: &mut Gen,
    items: usize,
    start: i64,
) {
    let existing: Vec<String> = interactions.lines().skip(1).map(str::to_owned).collect();
    for (k, (count, minutes, rating)) in
        [(300usize, 8i64, 5u8), (180, 6, 1)].into_iter().enumerate()
    {
        let id = users.len() + 1;
        users.push([
            id.to_string(),
            format!("Viewer {id:04}"),
            ["drama", "comedy"][k].to_owned(),
            "20s".to_owned(),
            "JP".to_owned(),
            "false".to_owned(),
        ]);
        let mut pool: Vec<usize> = (1..=items).collect();
        g.shuffle(&mut pool);
        let t0 = start + (40 + g.below(200) as i64) * 86_400 + g.below(86_400) as i64;
        let mut times: Vec<i64> = (0..count)
            .map(|_| t0 + g.below((minutes * 60) as usize) as i64)
            .collect();
        times.sort_unstable();
        for (item, t) in pool.iter().zip(times) {
            let _ = writeln!(interactions, "{id},{item},{rating},{t}");
        }
    }
    for _ in 0..DUPLICATE_INTERACTIONS {
        let line = &existing[g.below(existing.len())];
        let _ = writeln!(interactions, "{line}");
    }
}
