//! Sizes against the guideline, sparsity, the long tail of interactions per user and per item
//! (histograms on log-spaced bins), and cold users and items.
//!
//! The guideline is the usual rule of thumb for collaborative filtering: with fewer than ~10,000
//! items or ~1,000 users, co-occurrence is too thin for ALS or item2vec to beat simpler methods,
//! so the verdict names content-based methods and the popularity baseline instead.

use serde::Serialize;

use super::{AffectedRow, AuditParams, Finding, FindingKind, RowRefs, Table};
use crate::data::Dataset;

/// One histogram bin: entities with `from..=to` interactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bin {
    /// Smallest count in the bin.
    pub from: u64,
    /// Largest count in the bin.
    pub to: u64,
    /// Entities in the bin.
    pub count: usize,
}

/// Summary of interactions per entity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CountStats {
    /// Fewest.
    pub min: u64,
    /// Median (lower middle for an even count).
    pub median: u64,
    /// Mean.
    pub mean: f64,
    /// Most.
    pub max: u64,
}

/// The size guideline for collaborative methods and the methods to prefer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guideline {
    /// Items asked for.
    pub min_items: usize,
    /// Users asked for.
    pub min_users: usize,
    /// Whether both are met.
    pub met: bool,
    /// Embedding methods to try first, best bet first (`features`, `content`, `hybrid`, `als`,
    /// `item2vec`, `popularity`).
    pub prefer: Vec<&'static str>,
    /// One English sentence.
    pub verdict: String,
}

/// Sizes, sparsity and the long tail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sizes {
    /// Items.
    pub items: usize,
    /// Users.
    pub users: usize,
    /// Interaction rows.
    pub interactions: usize,
    /// Distinct (user, item) pairs.
    pub distinct_pairs: usize,
    /// 1 − distinct pairs / (users × items): the share of the matrix that is empty.
    pub sparsity: f64,
    /// Interaction rows per user.
    pub per_user: CountStats,
    /// Interaction rows per item.
    pub per_item: CountStats,
    /// Users by interaction count: bins 0, 1, 2–3, 4–7, 8–15, … (the long tail).
    pub user_histogram: Vec<Bin>,
    /// Items by interaction count, same bins.
    pub item_histogram: Vec<Bin>,
    /// The guideline verdict.
    pub guideline: Guideline,
}

/// Sizes, plus the size-guideline, cold-user and cold-item findings.
pub(super) fn sizes(data: &Dataset, params: &AuditParams, rows: &RowRefs) -> (Sizes, Vec<Finding>) {
    let mut per_user = vec![0u64; data.users.len()];
    let mut per_item = vec![0u64; data.items.len()];
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(data.interactions.len());
    for it in &data.interactions {
        per_user[it.user as usize] += 1;
        per_item[it.item as usize] += 1;
        pairs.push((it.user, it.item));
    }
    pairs.sort_unstable();
    pairs.dedup();
    let cells = data.users.len() as f64 * data.items.len() as f64;
    let guideline = guideline(data, params);
    let sizes = Sizes {
        items: data.items.len(),
        users: data.users.len(),
        interactions: data.interactions.len(),
        distinct_pairs: pairs.len(),
        sparsity: if cells > 0.0 {
            1.0 - pairs.len() as f64 / cells
        } else {
            1.0
        },
        per_user: stats(&per_user),
        per_item: stats(&per_item),
        user_histogram: histogram(&per_user),
        item_histogram: histogram(&per_item),
        guideline,
    };
    let mut findings = vec![Finding::new(
        FindingKind::SizeGuideline,
        sizes.guideline.verdict.clone(),
        Vec::new(),
    )];
    if !data.interactions.is_empty() {
        let t = params.cold_threshold as u64;
        for (kind, table, counts, what) in [
            (FindingKind::ColdUsers, Table::Users, &per_user, "users"),
            (FindingKind::ColdItems, Table::Items, &per_item, "items"),
        ] {
            let cold: Vec<AffectedRow> = counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c < t)
                .map(|(r, c)| rows.row(table, r, format!("{c} interaction(s)")))
                .collect();
            if !cold.is_empty() {
                let msg = format!(
                    "{} of {} {what} have fewer than {t} interactions (cold): collaborative methods know little about them",
                    cold.len(),
                    counts.len()
                );
                findings.push(Finding::new(kind, msg, cold));
            }
        }
    }
    (sizes, findings)
}

fn stats(counts: &[u64]) -> CountStats {
    if counts.is_empty() {
        return CountStats {
            min: 0,
            median: 0,
            mean: 0.0,
            max: 0,
        };
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    CountStats {
        min: sorted[0],
        median: sorted[(sorted.len() - 1) / 2],
        mean: sorted.iter().sum::<u64>() as f64 / sorted.len() as f64,
        max: sorted[sorted.len() - 1],
    }
}

/// Bins 0, 1, 2–3, 4–7, … up to the bin holding the maximum (empty bins in between kept, so
/// the chart's x axis is regular).
fn histogram(counts: &[u64]) -> Vec<Bin> {
    let max = counts.iter().copied().max().unwrap_or(0);
    let mut bins = vec![Bin {
        from: 0,
        to: 0,
        count: 0,
    }];
    let mut from = 1u64;
    while from <= max {
        bins.push(Bin {
            from,
            to: from * 2 - 1,
            count: 0,
        });
        from *= 2;
    }
    for &c in counts {
        let i = if c == 0 { 0 } else { c.ilog2() as usize + 1 };
        bins[i].count += 1;
    }
    bins
}

fn guideline(data: &Dataset, params: &AuditParams) -> Guideline {
    let (items, users) = (data.items.len(), data.users.len());
    let (min_items, min_users) = (params.guideline_items, params.guideline_users);
    let met = items >= min_items && users >= min_users && !data.interactions.is_empty();
    let has_text = data
        .items
        .metadata
        .iter()
        .any(|c| super::is_text_column(&c.values));
    let has_features = data.items.features.dim() > 0;
    let mut prefer = Vec::new();
    let verdict = if met {
        prefer.extend(["als", "item2vec", "hybrid"]);
        format!(
            "{items} items and {users} users meet the guideline (≥ {min_items} items, ≥ {min_users} users): collaborative methods (ALS, item2vec) have enough data to shine"
        )
    } else {
        if has_features {
            prefer.push("features");
        }
        if has_text {
            prefer.extend(["content", "hybrid"]);
        }
        if !data.interactions.is_empty() {
            prefer.push("popularity");
        }
        let short: Vec<String> = [
            (items < min_items).then(|| format!("{items} items < {min_items}")),
            (users < min_users).then(|| format!("{users} users < {min_users}")),
            data.interactions
                .is_empty()
                .then(|| "no interactions".to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let names: Vec<&str> = prefer.iter().map(|m| method_name(m)).collect();
        format!(
            "below the guideline for collaborative methods ({}): prefer {}, and compare with ALS in the evaluation",
            short.join(", "),
            if names.is_empty() {
                "imported vectors".to_owned()
            } else {
                names.join(", ")
            }
        )
    };
    Guideline {
        min_items,
        min_users,
        met,
        prefer,
        verdict,
    }
}

fn method_name(m: &str) -> &'static str {
    match m {
        "features" => "numeric features",
        "content" => "text content (TF-IDF)",
        "hybrid" => "the hybrid",
        "popularity" => "the popularity baseline",
        "als" => "ALS",
        _ => "item2vec",
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{interaction, toy};
    use super::*;

    #[test]
    fn histogram_bins_are_powers_of_two() {
        let h = histogram(&[0, 1, 2, 3, 4, 7, 8, 20]);
        let got: Vec<(u64, u64, usize)> = h.iter().map(|b| (b.from, b.to, b.count)).collect();
        assert_eq!(
            got,
            [
                (0, 0, 1),
                (1, 1, 1),
                (2, 3, 2),
                (4, 7, 2),
                (8, 15, 1),
                (16, 31, 1)
            ]
        );
        let s = stats(&[5, 1, 3, 2]);
        assert_eq!((s.min, s.median, s.max), (1, 2, 5));
        assert!((s.mean - 2.75).abs() < 1e-12);
    }

    #[test]
    fn sparsity_cold_rows_and_guideline() {
        // 3 users × 4 items; pairs (0,0) twice, (0,1), (1,1) → 3 distinct of 12.
        let mut d = toy(4, 3);
        d.interactions = vec![
            interaction(0, 0, 1),
            interaction(0, 0, 2),
            interaction(0, 1, 3),
            interaction(1, 1, 4),
        ];
        let params = AuditParams {
            cold_threshold: 2,
            ..AuditParams::default()
        };
        let (s, findings) = sizes(&d, &params, &RowRefs { data: &d });
        assert_eq!((s.distinct_pairs, s.interactions), (3, 4));
        assert!((s.sparsity - 0.75).abs() < 1e-12);
        assert_eq!(s.per_user.max, 3);
        assert!(!s.guideline.met);
        assert_eq!(s.guideline.prefer, ["features", "popularity"]);
        let kinds: Vec<FindingKind> = findings.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                FindingKind::SizeGuideline,
                FindingKind::ColdUsers,
                FindingKind::ColdItems
            ]
        );
        // Users 1 (1 interaction) and 2 (none) are cold; items 2 and 3 have none.
        let users: Vec<u32> = findings[1].rows.iter().map(|r| r.row).collect();
        assert_eq!(users, [1, 2]);
        let items: Vec<&str> = findings[2]
            .rows
            .iter()
            .filter_map(|r| r.item.as_deref())
            .collect();
        assert_eq!(items, ["i3", "i4"]);
        assert_eq!(findings[2].rows[0].line, Some(4), "items.csv line of row 2");
        let big = AuditParams {
            guideline_items: 4,
            guideline_users: 3,
            ..AuditParams::default()
        };
        let (s, _) = sizes(&d, &big, &RowRefs { data: &d });
        assert!(s.guideline.met);
        assert_eq!(s.guideline.prefer, ["als", "item2vec", "hybrid"]);
    }
}
