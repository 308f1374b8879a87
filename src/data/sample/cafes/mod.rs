//! The workshop set: cafés and restaurants of one fictional town (Kawabe), four interpretable
//! features — price, spice, atmosphere, distance from the station — and users drawn from a few
//! taste profiles.
//!
//! The teaching case is placed exactly in standardised space: café B sits right next to café A
//! (Euclidean neighbours), café C points the same way as A but is 2.2× as long (cosine ≈ 1, yet
//! far away), so the two metrics disagree in a way the vector card can explain.

use std::fmt::Write as _;
use std::path::Path;

mod tables;

use super::{Gen, csv_writer, io_err, top_k};
use tables::{CATEGORIES, DETAILS, DISHES, GIVEN, PER_CATEGORY, WORDS};

const SPREAD: [f64; 4] = [0.22, 1.2, 1.1, 220.0]; // price is multiplicative

/// Teaching case in standardised units: A, B = A + small step, C = 2.2 · A.
const Z_A: [f64; 4] = [0.5, -0.45, 0.8, -0.4];
const Z_B_STEP: [f64; 4] = [-0.12, 0.1, -0.1, 0.12];
const C_SCALE: f64 = 2.2;

struct Profile {
    key: &'static str,
    ja: &'static str,
    taste: [f64; 4],
}

const PROFILES: [Profile; 5] = [
    Profile {
        key: "spice lover on a budget",
        ja: "辛党・節約派",
        taste: [-0.9, 1.6, -0.6, -0.4],
    },
    Profile {
        key: "café worker",
        ja: "カフェで作業派",
        taste: [-0.6, -1.0, 1.0, 0.1],
    },
    Profile {
        key: "gourmet",
        ja: "グルメ派",
        taste: [1.5, -0.2, 1.2, 0.4],
    },
    Profile {
        key: "after-work drinker",
        ja: "仕事帰りの一杯派",
        taste: [0.4, 0.4, 0.2, -1.1],
    },
    Profile {
        key: "weekend family",
        ja: "週末ファミリー",
        taste: [-0.4, -0.9, 0.1, 0.9],
    },
];
const USERS: usize = 80;
const DAY: i64 = 86_400;
const START: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

struct Cafe {
    name: String,
    name_ja: String,
    cat: usize,
    /// Position within its category (picks the description's detail).
    nth: usize,
    raw: [f64; 4],
    desc: Option<(String, String)>,
}

pub(super) fn write(dir: &Path, seed: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut g = Gen::new(seed);
    let mut cafes = teaching_cafes();
    for (c, cat) in CATEGORIES.iter().enumerate() {
        let mut words: Vec<usize> = (0..WORDS.len()).collect();
        g.shuffle(&mut words);
        for (nth, &w) in words.iter().take(PER_CATEGORY).enumerate() {
            let raw = [
                cat.centre[0] * (SPREAD[0] * g.normal()).exp(),
                cat.centre[1] + SPREAD[1] * g.normal(),
                cat.centre[2] + SPREAD[2] * g.normal(),
                cat.centre[3] + SPREAD[3] * g.normal(),
            ];
            let (en, ja) = WORDS[w];
            cafes.push(Cafe {
                name: format!("{} {en}", cat.prefix),
                name_ja: format!("{} {ja}", cat.prefix_ja),
                cat: c,
                nth,
                raw,
                desc: None,
            });
        }
    }
    for cafe in &mut cafes {
        cafe.raw = round(clamp(cafe.raw));
    }
    place_teaching_case(&mut cafes);
    let (mean, sd) = stats(&cafes);
    let z: Vec<[f64; 4]> = cafes
        .iter()
        .map(|c| std::array::from_fn(|j| (c.raw[j] - mean[j]) / sd[j]))
        .collect();
    write_items(dir, &cafes)?;
    write_users_and_interactions(dir, &mut g, &z)?;
    std::fs::write(
        dir.join("dataset.toml"),
        format!("{MANIFEST}{}", super::AGE_BAND_JA),
    )
}

fn teaching_cafes() -> Vec<Cafe> {
    let d = |en: &str, ja: &str| Some((en.to_owned(), ja.to_owned()));
    vec![
        Cafe {
            name: "Café Komorebi".into(),
            name_ja: "カフェ こもれび".into(),
            cat: 0,
            nth: 0,
            raw: [0.0; 4],
            desc: d(
                "Teaching case A: a calm, mild, rather pricey café near the station.",
                "教材ケースA：駅近で落ち着いた、辛さ控えめのやや高めのカフェ。",
            ),
        },
        Cafe {
            name: "Café Hidamari".into(),
            name_ja: "カフェ ひだまり".into(),
            cat: 0,
            nth: 0,
            raw: [0.0; 4],
            desc: d(
                "Teaching case B: across the street from Komorebi and almost the same in every number.",
                "教材ケースB：こもれびの向かい。どの数字もほぼ同じ。",
            ),
        },
        Cafe {
            name: "Komorebi Reserve".into(),
            name_ja: "こもれび リザーブ".into(),
            cat: 0,
            nth: 0,
            raw: [0.0; 4],
            desc: d(
                "Teaching case C: Komorebi's premium sister shop — the same profile, every trait stronger.",
                "教材ケースC：こもれびの上位店。同じ方向性で、どの特徴もより強い。",
            ),
        },
    ]
}

fn clamp(r: [f64; 4]) -> [f64; 4] {
    [
        r[0].clamp(300.0, 9000.0),
        r[1].clamp(0.0, 10.0),
        r[2].clamp(0.0, 10.0),
        r[3].clamp(30.0, 2000.0),
    ]
}

fn round(r: [f64; 4]) -> [f64; 4] {
    [
        (r[0] / 10.0).round() * 10.0,
        (r[1] * 10.0).round() / 10.0,
        (r[2] * 10.0).round() / 10.0,
        (r[3] / 10.0).round() * 10.0,
    ]
}

fn stats(cafes: &[Cafe]) -> ([f64; 4], [f64; 4]) {
    let n = cafes.len() as f64;
    let mean: [f64; 4] = std::array::from_fn(|j| cafes.iter().map(|c| c.raw[j]).sum::<f64>() / n);
    let sd = std::array::from_fn(|j| {
        (cafes
            .iter()
            .map(|c| (c.raw[j] - mean[j]).powi(2))
            .sum::<f64>()
            / n)
            .sqrt()
            .max(1e-9)
    });
    (mean, sd)
}

/// Solve for raw values of A, B, C so that their standardised vectors are the designed ones
/// (the statistics include A, B and C themselves, hence the fixed-point iteration).
fn place_teaching_case(cafes: &mut [Cafe]) {
    let z_b: [f64; 4] = std::array::from_fn(|j| Z_A[j] + Z_B_STEP[j]);
    let z_c: [f64; 4] = std::array::from_fn(|j| Z_A[j] * C_SCALE);
    for _ in 0..100 {
        let (mean, sd) = stats(cafes);
        for (i, z) in [Z_A, z_b, z_c].iter().enumerate() {
            cafes[i].raw = std::array::from_fn(|j| mean[j] + z[j] * sd[j]);
        }
    }
    for c in cafes.iter_mut().take(3) {
        c.raw = round(c.raw);
    }
}

fn level(v: f64, cuts: [f64; 2], words: [&'static str; 3]) -> &'static str {
    if v < cuts[0] {
        words[0]
    } else if v < cuts[1] {
        words[1]
    } else {
        words[2]
    }
}

fn describe(c: &Cafe) -> (String, String) {
    if let Some(d) = &c.desc {
        return d.clone();
    }
    let cat = &CATEGORIES[c.cat];
    let [price, spice, atmos, dist] = c.raw;
    let (detail, detail_ja) = DETAILS[(c.nth + 5 * c.cat) % DETAILS.len()];
    let (dish, dish_ja) = DISHES[c.cat][c.nth % 3];
    let en = format!(
        "{}: {} {} {}; {} food, {} atmosphere. Try the {dish}. {detail}",
        c.name,
        level(
            price,
            [1000.0, 3000.0],
            ["an affordable", "a mid-priced", "a pricey"]
        ),
        cat.key,
        level(
            dist,
            [300.0, 800.0],
            [
                "right by the station",
                "a short walk from the station",
                "a walk away from the station"
            ]
        ),
        level(spice, [2.0, 6.0], ["mild", "medium-spicy", "fiery"]),
        level(atmos, [4.0, 7.0], ["a casual", "a relaxed", "a stylish"]),
    );
    let ja = format!(
        "{}：{}{}{}。{}料理、{}雰囲気。名物は{dish_ja}。{detail_ja}",
        c.name_ja,
        level(
            dist,
            [300.0, 800.0],
            ["駅のすぐそばの", "駅から少し歩く", "駅から離れた"]
        ),
        level(
            price,
            [1000.0, 3000.0],
            ["お手頃な", "中価格帯の", "高めの"]
        ),
        cat.ja,
        level(
            spice,
            [2.0, 6.0],
            ["辛さ控えめの", "ほどよい辛さの", "激辛の"]
        ),
        level(
            atmos,
            [4.0, 7.0],
            ["気取らない", "くつろげる", "おしゃれな"]
        ),
    );
    (en, ja)
}

fn write_items(dir: &Path, cafes: &[Cafe]) -> std::io::Result<()> {
    let path = dir.join("items.csv");
    let mut w = csv_writer(&path)?;
    let header = [
        "id",
        "title",
        "title_ja",
        "category",
        "category_ja",
        "description",
        "description_ja",
        "price_yen",
        "spice",
        "atmosphere",
        "station_distance_m",
    ];
    w.write_record(header).map_err(|e| io_err(&path, e))?;
    for (i, c) in cafes.iter().enumerate() {
        let (en, ja) = describe(c);
        let cat = &CATEGORIES[c.cat];
        let row = [
            format!("c{:03}", i + 1),
            c.name.clone(),
            c.name_ja.clone(),
            cat.key.to_owned(),
            cat.ja.to_owned(),
            en,
            ja,
            format!("{:.0}", c.raw[0]),
            format!("{:.1}", c.raw[1]),
            format!("{:.1}", c.raw[2]),
            format!("{:.0}", c.raw[3]),
        ];
        w.write_record(&row).map_err(|e| io_err(&path, e))?;
    }
    w.flush()
}

fn write_users_and_interactions(dir: &Path, g: &mut Gen, z: &[[f64; 4]]) -> std::io::Result<()> {
    let users_path = dir.join("users.csv");
    let mut uw = csv_writer(&users_path)?;
    uw.write_record(["id", "name", "name_ja", "segment", "segment_ja", "age_band"])
        .map_err(|e| io_err(&users_path, e))?;
    let mut interactions = String::from("user_id,item_id,rating,timestamp\n");
    for u in 0..USERS {
        let p = &PROFILES[u % PROFILES.len()];
        let taste: [f64; 4] = std::array::from_fn(|j| p.taste[j] + 0.35 * g.normal());
        let (given, given_ja) = GIVEN[u % GIVEN.len()];
        let initial = char::from(b'A' + (u / GIVEN.len()) as u8);
        let age = ["20s", "30s", "40s", "50s+"][g.below(4)];
        let row = [
            format!("u{:02}", u + 1),
            format!("{given} {initial}."),
            format!("{given_ja} {initial}"),
            p.key.to_owned(),
            p.ja.to_owned(),
            age.to_owned(),
        ];
        uw.write_record(&row).map_err(|e| io_err(&users_path, e))?;
        let dist: Vec<f64> = z
            .iter()
            .map(|zi| {
                zi.iter()
                    .zip(&taste)
                    .map(|(a, b)| (a - b).powi(2))
                    .sum::<f64>()
                    .sqrt()
            })
            .collect();
        let scores: Vec<f64> = dist.iter().map(|d| -d * 1.6 + g.gumbel()).collect();
        let visits = 8 + g.below(18);
        let mut rows: Vec<(i64, usize, u8)> = top_k(&scores, visits)
            .into_iter()
            .map(|i| {
                let rating = (5.3 - 1.1 * dist[i] + 0.5 * g.normal())
                    .round()
                    .clamp(1.0, 5.0) as u8;
                let t = START + g.below(300) as i64 * DAY + g.below(DAY as usize) as i64;
                (t, i, rating)
            })
            .collect();
        rows.sort_unstable();
        for (t, i, rating) in rows {
            let _ = writeln!(interactions, "u{:02},c{:03},{rating},{t}", u + 1, i + 1);
        }
    }
    uw.flush()?;
    std::fs::write(dir.join("interactions.csv"), interactions)
}

const MANIFEST: &str = r#"# The workshop set: cafés and restaurants of Kawabe, a fictional town.
name = "Cafés of Kawabe"
name_ja = "川辺町のカフェと飲食店"
description = "147 places with four features (price, spice, atmosphere, distance from the station) and 80 users from five taste profiles."

[items]
features = ["price_yen", "spice", "atmosphere", "station_distance_m"]

[items.labels]
price_yen = "price (¥)"
spice = "spice (0–10)"
atmosphere = "atmosphere (0–10)"
station_distance_m = "distance from station (m)"

[items.labels_ja]
price_yen = "値段（円）"
spice = "辛さ（0–10）"
atmosphere = "雰囲気（0–10）"
station_distance_m = "駅からの距離（m）"

# What users do with items, for the interview questions (see src/data/vocabulary.rs).
[verb]
en = "visit"
en_past = "visited"
ja = "訪れる"
ja_past = "訪れた"

[labels_ja.columns]
age_band = "年代"
description = "説明"
"#;
