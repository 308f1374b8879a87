//! The data-scientist-sized set: a streaming catalogue of ~5,000 titles, ~2,000 users and
//! ~150,000 timestamped interactions from a latent-factor model.
//!
//! Items get a latent vector near their genre's centre; users a mix of one or two genres. A user
//! picks items with probability ∝ exp(2·uᵀv/√d + popularity), popularity following a power law
//! (log-Zipf over a random rank), sampled without replacement by Gumbel-top-k. Activity is
//! log-normal (a few heavy users), and 15% of users churn: they stop after a few weeks.
//! The true genre stays in the `genre` column so cluster checks can be verified. Ids are
//! integers (1-based, like MovieLens), so split files work with `shared/bench/peers.py` as is. Eight
//! content attributes (0–10) are noisy readings of the genre's profile: the numeric features.
//! Titles and descriptions come from [`super::streaming_text`] (all distinct), and a few
//! duplicates, near-duplicates and spam users are planted at the end for the data audit
//! ([`super::plant`]). Horror changes audience in summer ([`super::season`]), for the drift
//! comparison to find.

use std::fmt::Write as _;
use std::path::Path;

use super::plant;
use super::season::{self, Season};
use super::streaming_text::{ADJ, NOUN, NOUN_JA, TextGen};
use super::{Gen, csv_writer, io_err, top_k};

const ITEMS: usize = 5000;
const USERS: usize = 2000;
const LATENT: usize = 16;
const DAY: i64 = 86_400;
const START: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const SPAN_DAYS: f64 = 300.0;
/// Seed offset of the titles' and descriptions' extra words (xor-ed with the sample's seed).
const TEXT_SALT: u64 = 0x7465_7874; // "text"

/// (key, Japanese, attribute profile: energy, humour, darkness, romance, realism, pace, complexity, family)
const GENRES: [(&str, &str, [f64; 8]); 12] = [
    ("drama", "ドラマ", [4.0, 3.0, 5.0, 5.0, 8.0, 4.0, 7.0, 5.0]),
    (
        "comedy",
        "コメディ",
        [6.0, 9.0, 2.0, 5.0, 5.0, 6.0, 3.0, 7.0],
    ),
    (
        "action",
        "アクション",
        [9.0, 4.0, 5.0, 2.0, 3.0, 9.0, 3.0, 5.0],
    ),
    (
        "documentary",
        "ドキュメンタリー",
        [3.0, 2.0, 4.0, 1.0, 10.0, 3.0, 7.0, 6.0],
    ),
    ("anime", "アニメ", [7.0, 6.0, 4.0, 4.0, 2.0, 7.0, 6.0, 7.0]),
    ("romance", "恋愛", [3.0, 5.0, 2.0, 10.0, 6.0, 3.0, 4.0, 5.0]),
    (
        "thriller",
        "スリラー",
        [7.0, 1.0, 8.0, 2.0, 6.0, 8.0, 8.0, 2.0],
    ),
    ("sci-fi", "SF", [7.0, 3.0, 5.0, 2.0, 2.0, 6.0, 9.0, 5.0]),
    (
        "horror",
        "ホラー",
        [6.0, 2.0, 10.0, 1.0, 3.0, 6.0, 4.0, 0.0],
    ),
    (
        "family",
        "ファミリー",
        [5.0, 7.0, 1.0, 3.0, 4.0, 5.0, 2.0, 10.0],
    ),
    ("music", "音楽", [8.0, 5.0, 2.0, 5.0, 7.0, 6.0, 3.0, 8.0]),
    ("crime", "犯罪", [6.0, 2.0, 8.0, 2.0, 8.0, 6.0, 8.0, 2.0]),
];
const ATTRS: [&str; 8] = [
    "energy",
    "humour",
    "darkness",
    "romance",
    "realism",
    "pace",
    "complexity",
    "family_friendly",
];
const TAGS: [[&str; 4]; 12] = [
    ["family-saga", "period", "slow-burn", "award-winner"],
    ["sitcom", "satire", "feel-good", "stand-up"],
    ["martial-arts", "heist", "car-chase", "superhero"],
    ["nature", "history", "true-story", "science"],
    ["shonen", "isekai", "mecha", "slice-of-life"],
    ["rom-com", "first-love", "wedding", "long-distance"],
    ["psychological", "conspiracy", "whodunit", "twist-ending"],
    ["space", "time-travel", "dystopia", "robots"],
    ["haunted", "slasher", "supernatural", "found-footage"],
    ["animals", "holiday", "adventure", "coming-of-age"],
    ["concert", "idol", "biopic", "jazz"],
    ["detective", "yakuza", "courtroom", "gangster"],
];
pub(super) fn write(dir: &Path, seed: u64) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut g = Gen::new(seed);
    let centres: Vec<[f64; LATENT]> = (0..GENRES.len())
        .map(|_| std::array::from_fn(|_| g.normal()))
        .collect();
    let genre_of: Vec<usize> = (0..ITEMS).map(|_| g.below(GENRES.len())).collect();
    let item_vecs: Vec<[f64; LATENT]> = genre_of
        .iter()
        .map(|&k| std::array::from_fn(|j| centres[k][j] + 0.6 * g.normal()))
        .collect();
    let mut rank: Vec<usize> = (1..=ITEMS).collect();
    g.shuffle(&mut rank);
    let popularity: Vec<f64> = rank.iter().map(|&r| -1.1 * (r as f64).ln()).collect();
    let mut text = TextGen::new(seed ^ TEXT_SALT);
    let mut planting = plant::stream(seed);
    write_items(dir, &mut g, &genre_of, &mut text, &mut planting)?;
    let genre = |name: &str| GENRES.iter().position(|g| g.0 == name).unwrap_or(0);
    let mut summer = Season::new(
        seed,
        &item_vecs,
        &genre_of,
        &centres,
        genre(season::PLANTED_GENRE),
        START,
    );
    write_users(
        dir,
        &mut g,
        (&centres, &item_vecs, &popularity),
        &mut summer,
        &mut planting,
    )?;
    std::fs::write(dir.join("dataset.toml"), manifest())
}

fn write_items(
    dir: &Path,
    g: &mut Gen,
    genre_of: &[usize],
    text: &mut TextGen,
    planting: &mut Gen,
) -> std::io::Result<()> {
    let path = dir.join("items.csv");
    let mut w = csv_writer(&path)?;
    let mut header = vec![
        "id",
        "title",
        "genre",
        "genre_ja",
        "tags",
        "language",
        "description",
        "year",
        "runtime_min",
    ];
    header.extend(ATTRS);
    w.write_record(&header).map_err(|e| io_err(&path, e))?;
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(genre_of.len() + 5);
    for (i, &k) in genre_of.iter().enumerate() {
        let (genre, genre_ja, profile) = GENRES[k];
        let japanese = g.u01() < 0.3;
        let (a, n) = (g.below(ADJ.len()), g.below(NOUN.len()));
        let title = text.title(japanese, a, n);
        let mut tags: Vec<&str> = TAGS[k].to_vec();
        g.shuffle(&mut tags);
        let tags = tags[..2].join("|");
        let about = if japanese {
            NOUN_JA[g.below(NOUN_JA.len())].to_owned()
        } else {
            let adj = ADJ[g.below(ADJ.len())].to_lowercase();
            format!("{adj} {}", NOUN[g.below(NOUN.len())].to_lowercase())
        };
        let description = text.description(japanese, (genre, genre_ja), &about, &tags);
        let year = 1975 + g.below(52);
        let runtime = if k == 4 || k == 1 {
            24 + g.below(20)
        } else {
            80 + g.below(80)
        };
        let mut row = vec![
            (i + 1).to_string(),
            title,
            genre.to_owned(),
            genre_ja.to_owned(),
            tags,
            (if japanese { "ja" } else { "en" }).to_owned(),
            description,
            year.to_string(),
            runtime.to_string(),
        ];
        row.extend(
            profile
                .iter()
                .map(|p| format!("{:.1}", (p + 1.3 * g.normal()).clamp(0.0, 10.0))),
        );
        rows.push(row);
    }
    plant::items(&mut rows, planting, text);
    for row in &rows {
        w.write_record(row).map_err(|e| io_err(&path, e))?;
    }
    w.flush()
}

fn write_users(
    dir: &Path,
    g: &mut Gen,
    (centres, items, popularity): (&[[f64; LATENT]], &[[f64; LATENT]], &[f64]),
    summer: &mut Season<LATENT>,
    planting: &mut Gen,
) -> std::io::Result<()> {
    let path = dir.join("users.csv");
    let mut uw = csv_writer(&path)?;
    uw.write_record(["id", "name", "segment", "age_band", "country", "churned"])
        .map_err(|e| io_err(&path, e))?;
    let mut out = String::with_capacity(5_000_000);
    out.push_str("user_id,item_id,rating,timestamp\n");
    let scale = 2.0 / (LATENT as f64).sqrt();
    let mut user_rows: Vec<[String; 6]> = Vec::with_capacity(USERS + 2);
    for u in 0..USERS {
        let (g1, g2) = (g.below(GENRES.len()), g.below(GENRES.len()));
        let mix = if g.u01() < 0.5 { 1.0 } else { 0.6 };
        let taste: [f64; LATENT] = std::array::from_fn(|j| {
            mix * centres[g1][j] + (1.0 - mix) * centres[g2][j] + 0.5 * g.normal()
        });
        let n = ((50.0_f64.ln() + 0.9 * g.normal()).exp().round() as usize).clamp(5, 1500);
        let affinity: Vec<f64> = items
            .iter()
            .map(|v| scale * v.iter().zip(&taste).map(|(a, b)| a * b).sum::<f64>())
            .collect();
        let scores: Vec<f64> = affinity
            .iter()
            .zip(popularity)
            .map(|(a, p)| a + p + g.gumbel())
            .collect();
        let chosen = top_k(&scores, n);
        let mean = chosen.iter().map(|&i| affinity[i]).sum::<f64>() / chosen.len().max(1) as f64;
        let start = g.u01() * 200.0;
        let churned = g.u01() < 0.15;
        let end = if churned {
            start + 20.0 + g.u01() * 60.0
        } else {
            SPAN_DAYS
        };
        let mut rows: Vec<(i64, usize, u8)> = chosen
            .iter()
            .map(|&i| {
                let rating = (3.4 + 0.8 * (affinity[i] - mean) + 0.7 * g.normal())
                    .round()
                    .clamp(1.0, 5.0) as u8;
                let t = START + ((start + g.u01() * (end - start)) * DAY as f64) as i64;
                (t, i, rating)
            })
            .collect();
        summer.redraw(&mut rows, &taste, popularity, scale, mean);
        rows.sort_unstable();
        for (t, i, r) in rows {
            let _ = writeln!(out, "{},{},{r},{t}", u + 1, i + 1);
        }
        let age = ["teens", "20s", "30s", "40s", "50s+"][g.below(5)];
        let country = ["JP", "JP", "JP", "US", "GB", "KR"][g.below(6)];
        let segment = GENRES[g1].0;
        user_rows.push([
            (u + 1).to_string(),
            format!("Viewer {:04}", u + 1),
            segment.to_owned(),
            age.to_owned(),
            country.to_owned(),
            churned.to_string(),
        ]);
    }
    plant::users_and_interactions(&mut user_rows, &mut out, planting, items.len(), START);
    for row in &user_rows {
        uw.write_record(row).map_err(|e| io_err(&path, e))?;
    }
    uw.flush()?;
    std::fs::write(dir.join("interactions.csv"), out)
}

fn manifest() -> String {
    let ja = [
        "勢い",
        "笑い",
        "暗さ",
        "恋愛度",
        "リアルさ",
        "テンポ",
        "複雑さ",
        "家族向け",
    ];
    let mut s = String::from(
        "# A synthetic streaming catalogue from a latent-factor model (see src/data/sample/streaming.rs).\n\
         name = \"Streaming catalogue (synthetic)\"\nname_ja = \"動画配信カタログ（合成データ）\"\n\
         description = \"5,000 titles, 2,000 viewers, ~150,000 views (2026-01-01 to 2026-10-27) with power-law popularity, heavy and churned viewers; `genre` is the true cluster. A few duplicate titles, copied descriptions, spam accounts and repeated rows are planted for the data audit, and a seasonal shift for the drift comparison: from June to August horror's fans turn away and its few views come from viewers of every taste.\"\n\n\
         [items]\n",
    );
    let list: Vec<String> = ATTRS.iter().map(|a| format!("\"{a}\"")).collect();
    let _ = writeln!(s, "features = [{}]", list.join(", "));
    s.push_str("category = \"genre\"\n\n[items.labels_ja]\n");
    for (a, j) in ATTRS.iter().zip(ja) {
        let _ = writeln!(s, "{a} = \"{j}\"");
    }
    s.push_str(
        "\n# What users do with items, for the interview questions (see src/data/vocabulary.rs).\n\
         [verb]\nen = \"watch\"\nen_past = \"watched\"\nja = \"観る\"\nja_past = \"ご覧になった\"\n\n\
         [labels_ja.segment]\n",
    );
    for (key, genre_ja, _) in GENRES {
        let _ = writeln!(s, "{key} = \"{genre_ja}好き\"");
    }
    s.push_str(
        "\n[labels_ja.columns]\nage_band = \"年代\"\ncountry = \"国\"\nchurned = \"解約済み\"\n\
         tags = \"タグ\"\nlanguage = \"言語\"\ndescription = \"あらすじ\"\nyear = \"公開年\"\n\
         runtime_min = \"上映時間（分）\"\n\n\
         [labels_ja.values.country]\nJP = \"日本\"\nUS = \"アメリカ\"\nGB = \"イギリス\"\nKR = \"韓国\"\n\n\
         [labels_ja.values.language]\nen = \"英語\"\nja = \"日本語\"\n",
    );
    s.push_str(super::AGE_BAND_JA);
    s
}
