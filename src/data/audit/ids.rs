//! Problems with ids: interaction lines naming ids that no table defines (the loaders refuse
//! them, except when loading for the audit, which lists every one), and ids with a space inside
//! among numeric ids — the trace of a space typed where a tab belongs (`1 11<TAB>4<TAB>…` reads
//! as user "1 11", item "4").

use super::{AffectedRow, Finding, FindingKind, RowRefs, Table};
use crate::data::{Dataset, Entities};

/// Interaction lines left out of the load because they name undefined ids: every one is a row
/// (none is dropped by excluding the finding: they are not in the dataset), the count is all of
/// them, and the message quotes the first few.
pub(super) fn unknown_ids(data: &Dataset) -> Option<Finding> {
    const QUOTED: usize = 3;
    let lines = &data.sources.unknown_ids;
    if lines.is_empty() {
        return None;
    }
    let rows: Vec<AffectedRow> = lines
        .iter()
        .enumerate()
        .map(|(k, u)| AffectedRow {
            table: Table::Interactions,
            row: k as u32,
            line: u.line,
            item: (u.kind == "item").then(|| u.id.clone()),
            user: (u.kind == "user").then(|| u.id.clone()),
            group: None,
            drop: false,
            note: format!(
                "unknown {} id \"{}\" (not in {})",
                u.kind, u.id, u.defined_in
            ),
        })
        .collect();
    let quoted: Vec<String> = lines
        .iter()
        .take(QUOTED)
        .map(|u| {
            let at = u
                .line
                .map_or_else(|| u.file.clone(), |l| format!("{}:{l}", u.file));
            format!("{at} {} \"{}\"", u.kind, u.id)
        })
        .collect();
    let more = if lines.len() > QUOTED { ", …" } else { "" };
    let message = format!(
        "{} interaction line(s) name ids that are not defined and were left out of this audit (run and the other commands refuse the dataset until they are fixed): {}{more}",
        lines.len(),
        quoted.join(", ")
    );
    let mut f = Finding::new(FindingKind::UnknownIds, message, rows);
    f.count = lines.len();
    Some(f)
}

/// Users or items whose id has a space inside while most ids of the table are integers: each
/// such id's interactions, which excluding the finding drops.
pub(super) fn ids_with_spaces(data: &Dataset, rows: &RowRefs) -> Option<Finding> {
    let suspects = |e: &Entities| -> Vec<bool> {
        let numeric = e.ids.iter().filter(|id| id.parse::<i64>().is_ok()).count();
        if numeric * 2 <= e.len() {
            return vec![false; e.len()];
        }
        e.ids
            .iter()
            .map(|id| {
                let parts: Vec<&str> = id.split_whitespace().collect();
                parts.len() > 1 && parts.iter().any(|p| p.parse::<i64>().is_ok())
            })
            .collect()
    };
    let (users, items) = (suspects(&data.users), suspects(&data.items));
    let mut affected = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for (r, it) in data.interactions.iter().enumerate() {
        let user = users.get(it.user as usize).copied().unwrap_or(false);
        let item = items.get(it.item as usize).copied().unwrap_or(false);
        if !(user || item) {
            continue;
        }
        let (kind, id) = if user {
            ("user", &data.users.ids[it.user as usize])
        } else {
            ("item", &data.items.ids[it.item as usize])
        };
        ids.insert((kind, id));
        let note = format!(
            "{kind} id \"{id}\" has a space inside among numeric ids (a space where a tab belongs?)"
        );
        affected.push(rows.row(Table::Interactions, r, note));
    }
    if affected.is_empty() {
        return None;
    }
    let list: Vec<String> = ids
        .iter()
        .take(3)
        .map(|(k, id)| format!("{k} \"{id}\""))
        .collect();
    let message = format!(
        "{} interaction(s) name {} id(s) with a space inside among numeric ids ({}{}) — a space where a tab belongs?",
        affected.len(),
        ids.len(),
        list.join(", "),
        if ids.len() > 3 { ", …" } else { "" }
    );
    Some(Finding::new(FindingKind::IdsWithSpaces, message, affected))
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{interaction, toy, with_interaction_lines};
    use super::*;
    use crate::data::UnknownIdLine;

    #[test]
    fn an_id_with_a_space_among_numbers_is_flagged() {
        let mut d = toy(2, 3);
        d.users = Entities::new(
            vec!["1".into(), "1 11".into(), "2".into()],
            vec!["1".into(), "1 11".into(), "2".into()],
        );
        d.interactions = vec![
            interaction(0, 0, 1),
            interaction(1, 1, 2),
            interaction(2, 1, 3),
        ];
        with_interaction_lines(&mut d);
        let f = ids_with_spaces(&d, &RowRefs { data: &d }).unwrap();
        assert_eq!(f.count, 1);
        assert_eq!((f.rows[0].row, f.rows[0].line), (1, Some(3)));
        assert_eq!(f.rows[0].user.as_deref(), Some("1 11"));
        assert!(f.rows[0].drop);
        assert_eq!(
            f.message,
            "1 interaction(s) name 1 id(s) with a space inside among numeric ids (user \"1 11\") — a space where a tab belongs?"
        );
        // Names as ids ("Ann Lee") are not numeric ids: nothing to flag.
        d.users = Entities::new(
            vec!["Ann Lee".into(), "Bo 2".into(), "Cy".into()],
            vec!["a".into(), "b".into(), "c".into()],
        );
        assert!(ids_with_spaces(&d, &RowRefs { data: &d }).is_none());
    }

    #[test]
    fn unknown_ids_are_all_counted_and_none_dropped() {
        let mut d = toy(1, 1);
        d.sources.unknown_ids = (0..5)
            .map(|k| UnknownIdLine {
                file: "interactions.csv".into(),
                line: Some(k + 3),
                kind: "item".into(),
                id: format!("zz{k}"),
                defined_in: "items.csv".into(),
            })
            .collect();
        let f = unknown_ids(&d).unwrap();
        assert_eq!((f.count, f.rows.len()), (5, 5));
        assert!(f.rows.iter().all(|r| !r.drop));
        assert_eq!(f.rows[4].note, "unknown item id \"zz4\" (not in items.csv)");
        assert!(
            f.message
                .starts_with("5 interaction line(s) name ids that are not defined"),
            "{}",
            f.message
        );
        assert!(
            f.message.ends_with(
                "interactions.csv:3 item \"zz0\", interactions.csv:4 item \"zz1\", interactions.csv:5 item \"zz2\", …"
            ),
            "{}",
            f.message
        );
        d.sources.unknown_ids.clear();
        assert!(unknown_ids(&d).is_none());
    }
}
