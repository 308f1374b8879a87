//! The one-page workshop summary: the goal and its KPI, where each evaluated method stands
//! against the target, the A/B test plan ("we need 15 days at 10 % of traffic to see +15 %")
//! and, when a test was read, its result — as Markdown or a self-contained HTML page, headings
//! in English or Japanese. Every data string is escaped.

use std::fmt::Write as _;

use super::interview_sheet::{escape_html, escape_markdown};
use crate::eval::abtest::{Plan, Reading, Verdict, thousands};
use crate::eval::goal::{Goal, Standing};

/// What the summary shows; absent parts are left out (the goal says "not set yet").
#[derive(Debug, Clone, Copy)]
pub struct Summary<'a> {
    /// The dataset's display name.
    pub dataset: &'a str,
    /// The goal, if one was set.
    pub goal: Option<&'a Goal>,
    /// Each method against the goal (from [`crate::eval::goal::standings`]).
    pub standings: &'a [Standing],
    /// The A/B test plan.
    pub plan: Option<&'a Plan>,
    /// A test's reading.
    pub reading: Option<&'a Reading>,
}

struct Words {
    title: &'static str,
    goal: &'static str,
    no_goal: &'static str,
    kpi: &'static str,
    offline: &'static str,
    no_eval: &'static str,
    method: &'static str,
    value: &'static str,
    of_target: &'static str,
    meets: &'static str,
    yes: &'static str,
    no: &'static str,
    plan: &'static str,
    plan_sentence: &'static str,
    plan_numbers: &'static str,
    result: &'static str,
    verdicts: [&'static str; 4],
    result_numbers: &'static str,
}

const EN: Words = Words {
    title: "Workshop summary",
    goal: "Goal",
    no_goal: "No goal set yet.",
    kpi: "Offline KPI",
    offline: "Offline evaluation against the target",
    no_eval: "No evaluation at this k yet.",
    method: "Method",
    value: "Value",
    of_target: "Of target",
    meets: "Meets target",
    yes: "yes",
    no: "no",
    plan: "A/B test plan",
    plan_sentence: "We need {days} days at {share} of traffic to see {uplift}.",
    plan_numbers: "Baseline {baseline}, α = {alpha}, power {power}: {per_arm} users per arm, {total} in total, {per_day} a day in the test.",
    result: "A/B test result",
    verdicts: [
        "Significant: the treatment converts better.",
        "Significant: the treatment converts worse.",
        "Not significant yet: keep running.",
        "Not significant with the planned sample reached.",
    ],
    result_numbers: "Control {rc}, treatment {rt}: lift {lift}, p = {p}.",
};

const JA: Words = Words {
    title: "ワークショップのまとめ",
    goal: "ゴール",
    no_goal: "ゴールはまだ設定されていません。",
    kpi: "オフラインの KPI",
    offline: "オフライン評価と目標",
    no_eval: "この k での評価はまだありません。",
    method: "手法",
    value: "値",
    of_target: "目標比",
    meets: "目標達成",
    yes: "はい",
    no: "いいえ",
    plan: "A/B テストの計画",
    plan_sentence: "{uplift} を検出するには、トラフィックの {share} で {days} 日必要です。",
    plan_numbers: "現在の率 {baseline}、α = {alpha}、検出力 {power}：1群 {per_arm} 人、合計 {total} 人、1日 {per_day} 人がテストに入ります。",
    result: "A/B テストの結果",
    verdicts: [
        "有意：新方式のほうが良い結果です。",
        "有意：新方式のほうが悪い結果です。",
        "まだ有意ではありません。続けてください。",
        "計画したサンプル数に達しても有意ではありません。",
    ],
    result_numbers: "既存 {rc}、新方式 {rt}：改善 {lift}、p = {p}。",
};

fn pct(x: f64) -> String {
    let s = format!("{:.3}", x * 100.0);
    format!("{} %", s.trim_end_matches('0').trim_end_matches('.'))
}

fn fill(template: &str, args: &[(&str, String)]) -> String {
    args.iter().fold(template.to_owned(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// The page's blocks in order, as (heading, paragraphs, table rows); both renderers walk them.
struct Block {
    heading: String,
    lines: Vec<String>,
    table: Vec<[String; 4]>,
}

fn blocks(s: &Summary<'_>, w: &Words) -> Vec<Block> {
    let mut out = Vec::new();
    let (goal_lines, kpi) = match s.goal {
        Some(g) => (
            vec![g.sentence.clone()],
            Some(format!("{}: {}@{} ≥ {}", w.kpi, g.metric, g.k, g.target)),
        ),
        None => (vec![w.no_goal.to_owned()], None),
    };
    out.push(Block {
        heading: w.goal.to_owned(),
        lines: goal_lines.into_iter().chain(kpi).collect(),
        table: Vec::new(),
    });
    if s.goal.is_some() {
        let mut table = vec![[w.method, w.value, w.of_target, w.meets].map(str::to_owned)];
        for st in s.standings {
            table.push([
                st.method.clone(),
                st.value
                    .map_or_else(|| "—".to_owned(), |v| format!("{v:.4}")),
                st.share_of_target.map_or_else(|| "—".to_owned(), pct),
                if st.meets { w.yes } else { w.no }.to_owned(),
            ]);
        }
        let lines = if s.standings.is_empty() {
            vec![w.no_eval.to_owned()]
        } else {
            Vec::new()
        };
        out.push(Block {
            heading: w.offline.to_owned(),
            table: if lines.is_empty() { table } else { Vec::new() },
            lines,
        });
    }
    if let Some(p) = s.plan {
        let q = &p.params;
        out.push(Block {
            heading: w.plan.to_owned(),
            lines: vec![
                fill(
                    w.plan_sentence,
                    &[
                        ("days", p.days.to_string()),
                        ("share", pct(q.share)),
                        ("uplift", format!("{:+.1} %", q.uplift * 100.0)),
                    ],
                ),
                fill(
                    w.plan_numbers,
                    &[
                        ("baseline", pct(q.baseline)),
                        ("alpha", q.alpha.to_string()),
                        ("power", q.power.to_string()),
                        ("per_arm", thousands(p.per_arm)),
                        ("total", thousands(p.total)),
                        ("per_day", thousands(p.users_in_test_per_day.round() as u64)),
                    ],
                ),
            ],
            table: Vec::new(),
        });
    }
    if let Some(r) = s.reading {
        let verdict = match r.verdict {
            Verdict::SignificantUp => w.verdicts[0],
            Verdict::SignificantDown => w.verdicts[1],
            Verdict::NotSignificantYet => w.verdicts[2],
            Verdict::NotSignificant => w.verdicts[3],
        };
        out.push(Block {
            heading: w.result.to_owned(),
            lines: vec![
                verdict.to_owned(),
                fill(
                    w.result_numbers,
                    &[
                        ("rc", pct(r.rate_control)),
                        ("rt", pct(r.rate_treatment)),
                        (
                            "lift",
                            r.lift
                                .map_or_else(|| "—".to_owned(), |l| format!("{:+.1} %", l * 100.0)),
                        ),
                        ("p", format!("{:.4}", r.p_value)),
                    ],
                ),
            ],
            table: Vec::new(),
        });
    }
    out
}

/// The summary as Markdown.
#[must_use]
pub fn markdown(s: &Summary<'_>, ja: bool) -> String {
    let w = if ja { &JA } else { &EN };
    let mut out = format!("# {} — {}\n", w.title, escape_markdown(s.dataset));
    for b in blocks(s, w) {
        let _ = write!(out, "\n## {}\n\n", b.heading);
        for line in &b.lines {
            let _ = writeln!(out, "{}\n", escape_markdown(line));
        }
        for (i, row) in b.table.iter().enumerate() {
            let cells: Vec<String> = row.iter().map(|c| escape_markdown(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
            if i == 0 {
                let _ = writeln!(out, "|---|---:|---:|---|");
            }
        }
    }
    out
}

/// The summary as a self-contained HTML page.
#[must_use]
pub fn html(s: &Summary<'_>, ja: bool) -> String {
    let w = if ja { &JA } else { &EN };
    let title = format!("{} — {}", w.title, escape_html(s.dataset));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;max-width:48em;margin:2em auto}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 8px}}</style>\
         </head><body>\n<h1>{title}</h1>\n",
        if ja { "ja" } else { "en" }
    );
    for b in blocks(s, w) {
        let _ = writeln!(out, "<h2>{}</h2>", escape_html(&b.heading));
        for line in &b.lines {
            let _ = writeln!(out, "<p>{}</p>", escape_html(line));
        }
        if let Some((head, rows)) = b.table.split_first() {
            out.push_str("<table><tr>");
            for c in head {
                let _ = write!(out, "<th>{}</th>", escape_html(c));
            }
            out.push_str("</tr>\n");
            for row in rows {
                out.push_str("<tr>");
                for c in row {
                    let _ = write!(out, "<td>{}</td>", escape_html(c));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</table>\n");
        }
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::abtest::{ArmCounts, PlanParams, ReadParams, plan, read};
    use crate::eval::goal::standings;

    #[test]
    fn one_page_in_both_languages() {
        let goal = Goal {
            sentence: "+15 % purchases <via> recommendations".into(),
            target: 0.25,
            ..Goal::default()
        };
        let report = serde_json::json!({"k": 10, "methods": {
            "als": {"recall@10": 0.3}, "popularity": {"recall@10": 0.1}}});
        let st = standings(&goal, &report);
        let p = plan(&PlanParams::default()).expect("valid");
        let arm = |visitors, conversions| ArmCounts {
            visitors,
            conversions,
        };
        let r = read(arm(10_000, 500), arm(10_000, 560), &ReadParams::default()).expect("valid");
        let s = Summary {
            dataset: "Cafés",
            goal: Some(&goal),
            standings: &st,
            plan: Some(&p),
            reading: Some(&r),
        };
        let md = markdown(&s, false);
        assert!(md.starts_with("# Workshop summary — Cafés\n"), "{md}");
        assert!(md.contains("Offline KPI: recall@10 ≥ 0.25"), "{md}");
        assert!(md.contains("| als | 0.3000 | 120 % | yes |"), "{md}");
        assert!(md.contains("| popularity | 0.1000 | 40 % | no |"), "{md}");
        assert!(
            md.contains("We need 15 days at 10 % of traffic to see +15.0 %."),
            "{md}"
        );
        assert!(md.contains("14,178 users per arm, 28,356 in total"), "{md}");
        assert!(md.contains("Not significant yet: keep running."), "{md}");
        let page = html(&s, true);
        assert!(page.contains("&lt;via&gt;") && !page.contains("<via>"));
        assert!(
            page.contains("トラフィックの 10 % で 15 日必要です"),
            "{page}"
        );
        let empty = Summary {
            dataset: "x",
            goal: None,
            standings: &[],
            plan: None,
            reading: None,
        };
        assert!(markdown(&empty, false).contains("No goal set yet."));
    }
}
