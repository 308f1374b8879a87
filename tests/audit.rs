//! The data audit on the bundled samples: it finds exactly the rows planted in the streaming
//! set and no data-quality problem in the cafés; excluding findings gives a smaller copy and
//! leaves the files alone; the CLI's JSON shape and `run --exclude-audit`.

pub mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use common::cli::{embedscope, json};
use common::{dataset, sample};
use embedscope::data::audit::{
    AuditParams, AuditReport, Exclusion, Finding, FindingKind, Severity, Table, audit,
};
use embedscope::data::formats::load_native;
use embedscope::data::sample::plant;
use embedscope::data::{Dataset, audit::normalise::normalise};
use serde_json::Value;

fn streaming() -> &'static (Dataset, AuditReport) {
    static CELL: OnceLock<(Dataset, AuditReport)> = OnceLock::new();
    CELL.get_or_init(|| {
        let data = load_native(&sample("streaming")).expect("streaming loads");
        let report = audit(&data, &AuditParams::default()).expect("audit runs");
        (data, report)
    })
}

/// Ids of the rows a finding drops (items or users).
fn dropped(f: &Finding) -> Vec<&str> {
    f.rows
        .iter()
        .filter(|r| r.drop)
        .filter_map(|r| match r.table {
            Table::Items => r.item.as_deref(),
            _ => r.user.as_deref(),
        })
        .collect()
}

#[test]
fn streaming_audit_finds_exactly_the_planted_rows() {
    let (data, r) = streaming();
    let warnings: Vec<FindingKind> = r.warnings().map(|f| f.kind).collect();
    assert_eq!(
        warnings,
        [
            FindingKind::DuplicateItems,
            FindingKind::DuplicateItemRows,
            FindingKind::NearDuplicateTexts,
            FindingKind::DuplicateInteractions,
            FindingKind::SpamUsers,
        ]
    );
    let f = |k| r.finding(k).expect("finding present");

    let dup = f(FindingKind::DuplicateItems);
    assert_eq!(dropped(dup), plant::DUPLICATE_ITEMS);
    // Each copy's kept original has the same normalised title and a lower row.
    for copy in dup.rows.iter().filter(|r| r.drop) {
        let original = dup
            .rows
            .iter()
            .find(|o| !o.drop && o.group == copy.group)
            .expect("a kept original per group");
        assert!(original.row < copy.row);
        let title = |row: u32| normalise(&data.items.names[row as usize]);
        assert_eq!(title(original.row), title(copy.row));
        // 5001 is an exact copy; 5002 and 5003 differ before normalisation.
        let same_text =
            data.items.names[original.row as usize] == data.items.names[copy.row as usize];
        assert_eq!(same_text, copy.item.as_deref() == Some("5001"));
    }
    assert_eq!(dropped(f(FindingKind::DuplicateItemRows)), ["5001"]);

    let near = f(FindingKind::NearDuplicateTexts);
    let mut want: Vec<&str> = plant::DUPLICATE_ITEMS.to_vec();
    want.extend(plant::NEAR_DUPLICATE_ITEMS);
    assert_eq!(dropped(near), want);
    assert_eq!(near.rows.len(), 10, "five pairs: original + planted copy");

    // The two duplicated interaction rows are the last two lines of interactions.csv.
    let inter = f(FindingKind::DuplicateInteractions);
    let lines: Vec<Option<u64>> = inter
        .rows
        .iter()
        .filter(|r| r.drop)
        .map(|r| r.line)
        .collect();
    let last = data.interactions.len() as u64 + 1;
    assert_eq!(lines, [Some(last - 1), Some(last)]);
    assert_eq!(inter.count, plant::DUPLICATE_INTERACTIONS);

    let spam = f(FindingKind::SpamUsers);
    assert_eq!(dropped(spam), plant::SPAM_USERS);
    assert!(
        spam.rows[0].note.starts_with("300 interactions within 8."),
        "{}",
        spam.rows[0].note
    );

    // Sizes and the guideline verdict.
    let s = &r.sizes;
    assert_eq!((s.items, s.users), (5005, 2002));
    assert!(
        !s.guideline.met,
        "5005 items are below the 10,000 of the guideline"
    );
    assert_eq!(
        s.guideline.prefer,
        ["features", "content", "hybrid", "popularity"]
    );
    assert_eq!(
        s.item_histogram.iter().map(|b| b.count).sum::<usize>(),
        5005
    );
    assert!(s.sparsity > 0.98 && s.sparsity < 0.99, "{}", s.sparsity);
}

#[test]
fn cafes_have_no_data_quality_findings() {
    let data = load_native(&sample("cafes")).unwrap();
    let r = audit(&data, &AuditParams::default()).unwrap();
    let warnings: Vec<(&str, &str)> = r
        .warnings()
        .map(|f| (f.kind.as_str(), f.message.as_str()))
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(r.findings.iter().all(|f| f.severity == Severity::Info));
    let size = r.finding(FindingKind::SizeGuideline).unwrap();
    assert!(
        size.message.contains("147 items < 10000, 80 users < 1000"),
        "{}",
        size.message
    );
    assert!(r.missing.iter().all(|c| c.missing == 0));
    // Every text column is in one language (kanji-only titles count as Japanese).
    assert!(
        r.finding(FindingKind::MixedLanguages).is_none(),
        "{:?}",
        r.languages
    );
}

#[test]
fn excluding_findings_drops_exactly_their_rows_and_leaves_the_files() {
    let (data, r) = streaming();
    let files: Vec<Vec<u8>> = ["items.csv", "users.csv", "interactions.csv"]
        .iter()
        .map(|f| std::fs::read(sample("streaming").join(f)).unwrap())
        .collect();
    let kinds: Vec<FindingKind> = r.warnings().map(|f| f.kind).collect();
    let (clean, s) = Exclusion::from_report(r, &kinds).apply(data);
    // 5 planted items (no interactions), 2 spam users with 300 + 180 interactions, 2 copies.
    assert_eq!((s.items_removed, s.users_removed), (5, 2));
    assert_eq!(s.interactions_removed, 480 + 2);
    assert_eq!(clean.items.len(), data.items.len() - 5);
    assert_eq!(clean.interactions.len(), data.interactions.len() - 482);
    assert_eq!(s.users, plant::SPAM_USERS);
    // Ids stay attached to their rows after re-interning.
    let id = &data.items.ids[4999];
    let row = clean.items.find(id).unwrap() as usize;
    assert_eq!(clean.items.names[row], data.items.names[4999]);
    // The cleaned copy audits clean.
    let again = audit(&clean, &AuditParams::default()).unwrap();
    assert_eq!(again.warnings().count(), 0);
    for (f, before) in ["items.csv", "users.csv", "interactions.csv"]
        .iter()
        .zip(files)
    {
        assert!(
            std::fs::read(sample("streaming").join(f)).unwrap() == before,
            "{f} was modified"
        );
    }
}

#[test]
fn cli_audit_json_shape() {
    // A small folder with one copy, one repeated row and a review repeated by three users
    // (five times: the default minimum).
    let dir = dataset(&[
        (
            "items.csv",
            "id,title,description\na,Café Ｍｏｎｏ,A quiet place\nb,cafe mono,A loud place\nc,Other,Third\n"
                .as_bytes(),
        ),
        (
            "interactions.csv",
            b"user_id,item_id,rating,timestamp,review\n\
              u1,a,5,100,Visit cheap-deals.example for free stuff\n\
              u2,b,4,200,Visit cheap-deals.example for free stuff\n\
              u3,c,4,300,visit CHEAP deals example for free stuff!\n\
              u1,a,5,100,Visit cheap-deals.example for free stuff\n\
              u2,a,3,400,Visit cheap-deals.example for free stuff\n",
        ),
    ]);
    let path = dir.path().to_str().unwrap();
    let v = json(&embedscope(&["audit", path, "--json"]));
    assert_eq!(v["sizes"]["items"], 3);
    assert_eq!(v["params"]["near_dup_threshold"], 0.8);
    let findings = v["findings"].as_array().unwrap();
    let kinds: Vec<&str> = findings.iter().filter_map(|f| f["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "duplicate_items",
            "duplicate_interactions",
            "repeated_texts",
            "size_guideline",
            "cold_users",
            "cold_items"
        ]
    );
    let dup = &findings[0];
    assert_eq!(dup["severity"], "warning");
    assert_eq!(dup["count"], 1);
    assert_eq!(dup["rows"][1]["table"], "items");
    assert_eq!(dup["rows"][1]["item"], "b");
    assert_eq!(dup["rows"][1]["line"], 3);
    assert_eq!(dup["rows"][1]["drop"], true);
    assert_eq!(dup["rows"][1]["note"], "same title as item a (items.csv:2)");
    assert_eq!(findings[1]["rows"][1]["line"], 5);
    assert_eq!(findings[1]["rows"][1]["user"], "u1");
    assert_eq!(findings[2]["count"], 5);
    assert_eq!(findings[2]["rows"][4]["line"], 6);
    assert_eq!(findings[3]["severity"], "info");
    // Threshold flag reaches the params; a bad one is refused with exit code 2.
    let v = json(&embedscope(&[
        "audit",
        path,
        "--near-dup-threshold",
        "0.5",
        "--json",
    ]));
    assert_eq!(v["params"]["near_dup_threshold"], 0.5);
    let out = embedscope(&["audit", path, "--near-dup-threshold", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("near-duplicate threshold"));
    // The text form names the finding and the line.
    let out = embedscope(&["audit", path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[warning] duplicate_items:"), "{text}");
    assert!(text.contains("line 3"), "{text}");
}

#[test]
fn run_excludes_audit_findings_and_says_so() {
    let streaming = sample("streaming");
    let path = streaming.to_str().unwrap();
    let plain = json(&embedscope(&["run", path, "--json"]));
    let v = json(&embedscope(&[
        "run",
        path,
        "--exclude-audit",
        "duplicate_items,spam_users",
        "--json",
    ]));
    // Every field of the plain run is still there, with the counts of the cleaned copy.
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let mut want = keys(&plain);
    want.insert("audit_exclusion".to_owned());
    assert_eq!(keys(&v), want);
    assert_eq!(plain["items"], 5005);
    assert_eq!(v["items"], 5002);
    assert_eq!(v["users"], 2000);
    assert_eq!(
        v["interactions"].as_u64().unwrap(),
        plain["interactions"].as_u64().unwrap() - 480
    );
    let e = &v["audit_exclusion"];
    assert_eq!(
        e["kinds"],
        serde_json::json!(["duplicate_items", "spam_users"])
    );
    assert_eq!(
        (
            &e["items_removed"],
            &e["users_removed"],
            &e["interactions_removed"]
        ),
        (
            &serde_json::json!(3),
            &serde_json::json!(2),
            &serde_json::json!(480)
        )
    );
    assert_eq!(e["items"], serde_json::json!(plant::DUPLICATE_ITEMS));
    let out = embedscope(&["run", path, "--exclude-audit", "dupes", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown audit finding \"dupes\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
