//! Interview sheets: one or more [`UserCard`]s as a self-contained HTML page (inline CSS, the
//! map snippet as a base64 `data:` URI) or as Markdown (the PNGs written beside the file).
//! Every data string is escaped. Headings in English or Japanese.
//!
//! Base64 is the RFC 4648 §4 alphabet with padding, written here (about 20 lines) because no
//! base64 crate is in the dependency tree.

use std::fmt::Write as _;

use crate::eval::goal::Goal;
use crate::pipeline::interview::card::UserCard;
use crate::pipeline::interview::questions::suggested_questions;

/// Headings of a sheet in one language.
struct Words {
    title: &'static str,
    profile: &'static str,
    history: &'static str,
    taste: &'static str,
    recommended: &'static str,
    because: &'static str,
    held_out: &'static str,
    hits: &'static str,
    misses: &'static str,
    map: &'static str,
    map_caption: &'static str,
    questions: &'static str,
    notes: &'static str,
    activity: &'static str,
    none: &'static str,
}

const EN: Words = Words {
    title: "Interview sheet",
    profile: "Profile",
    history: "History",
    taste: "Taste by category",
    recommended: "Recommended",
    because: "because",
    held_out: "Held-out items",
    hits: "found",
    misses: "missed",
    map: "Position on the map",
    map_caption: "Circled in red: this user. Colours: item categories (users grey).",
    questions: "Suggested questions",
    notes: "Notes",
    activity: "interactions; days silent before the latest data",
    none: "none",
};

const JA: Words = Words {
    title: "インタビューシート",
    profile: "プロフィール",
    history: "利用履歴",
    taste: "ジャンル別の比率",
    recommended: "おすすめ",
    because: "理由",
    held_out: "評価用に伏せたアイテム",
    hits: "当たり",
    misses: "外れ",
    map: "マップ上の位置",
    map_caption: "赤い丸：このユーザー。色：アイテムのカテゴリ（ユーザーは灰色）。",
    questions: "質問案",
    notes: "メモ",
    activity: "件の利用・データ最終日からの空白日数",
    none: "なし",
};

fn words(ja: bool) -> &'static Words {
    if ja { &JA } else { &EN }
}

/// RFC 4648 base64 with padding.
#[must_use]
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Escape text for HTML element content and quoted attributes.
#[must_use]
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escape text for Markdown (inline): backslash the characters Markdown interprets and
/// HTML-escape angle brackets and ampersands.
#[must_use]
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A date (UTC, as the reader writes dates: 2024年3月1日 / 1 Mar 2024) of Unix seconds.
fn date(t: Option<i64>, ja: bool) -> String {
    t.map_or_else(String::new, |t| {
        crate::store::clock::local_date(t.saturating_mul(1000), ja)
    })
}

const CSS: &str = "body{font-family:system-ui,'Noto Sans CJK JP',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}section.card{border:1px solid #ccc;border-radius:8px;padding:1rem 1.5rem;margin-bottom:2rem;page-break-after:always}h1{font-size:1.5rem}h2{margin-top:0}h3{font-size:1.05rem;margin-bottom:.3rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:2px 8px;text-align:left}.muted{color:#777}img{border:1px solid #ddd}li.q{margin:.3rem 0}";

/// The sheet as one self-contained HTML page (a shortlist when several cards).
#[must_use]
pub fn sheet_html(cards: &[UserCard], ja: bool) -> String {
    sheet_html_with_goal(cards, ja, None)
}

/// The project's goal in one line under the title: why these interviews happen.
fn goal_line(goal: &Goal, ja: bool) -> (&'static str, String) {
    let label = if ja { "ゴール" } else { "Goal" };
    (
        label,
        format!(
            "{} (KPI: {}@{} ≥ {})",
            goal.sentence, goal.metric, goal.k, goal.target
        ),
    )
}

/// [`sheet_html`] with the project's goal printed under the title.
#[must_use]
pub fn sheet_html_with_goal(cards: &[UserCard], ja: bool, goal: Option<&Goal>) -> String {
    let w = words(ja);
    let e = escape_html;
    let mut h = String::new();
    let dataset = cards.first().map_or("", |c| c.dataset.as_str());
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} — {}</title><style>{CSS}</style></head><body>\n<h1>{} — {}</h1>\n",
        if ja { "ja" } else { "en" },
        w.title,
        e(dataset),
        w.title,
        e(dataset)
    );
    if let Some(goal) = goal {
        let (label, line) = goal_line(goal, ja);
        let _ = writeln!(
            h,
            "<p class=\"goal\"><strong>{label}:</strong> {}</p>",
            e(&line)
        );
    }
    for c in cards {
        card_html(&mut h, c, ja);
    }
    h.push_str("</body></html>\n");
    h
}

fn list_html(h: &mut String, items: impl Iterator<Item = String>, none: &str) {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        let _ = writeln!(h, "<p class=\"muted\">{none}</p>");
        return;
    }
    h.push_str("<ul>");
    for i in items {
        let _ = write!(h, "<li>{i}</li>");
    }
    h.push_str("</ul>\n");
}

fn card_html(h: &mut String, c: &UserCard, ja: bool) {
    let w = words(ja);
    let e = escape_html;
    let _ = writeln!(
        h,
        "<section class=\"card\"><h2>{} <span class=\"muted\">({})</span></h2>",
        e(&c.name),
        e(&c.id)
    );
    let _ = writeln!(
        h,
        "<p>{} {}: {} · {}</p>",
        c.interactions,
        w.activity,
        c.days_silent
            .map_or_else(String::new, |d| format!("{d:.0}")),
        date(c.last_active, ja)
    );
    let _ = writeln!(h, "<h3>{}</h3>", w.profile);
    list_html(
        h,
        c.profile.iter().map(|(k, v)| format!("{}: {}", e(k), e(v))),
        w.none,
    );
    let _ = writeln!(h, "<h3>{}</h3>", w.taste);
    list_html(
        h,
        c.top_categories
            .iter()
            .take(5)
            .map(|(k, s)| format!("{} {:.0}%", e(k), s * 100.0)),
        w.none,
    );
    let _ = writeln!(h, "<h3>{}</h3>", w.questions);
    h.push_str("<ol>");
    for q in suggested_questions(c, ja) {
        let _ = write!(h, "<li class=\"q\">{}</li>", e(&q));
    }
    h.push_str("</ol>\n");
    let (map, img, caption) = (w.map, base64(&c.map_png), w.map_caption);
    let _ = writeln!(
        h,
        "<h3>{map}</h3><img alt=\"map\" src=\"data:image/png;base64,{img}\"><p class=\"muted\">{caption}</p>"
    );
    let _ = writeln!(h, "<h3>{}</h3>", w.recommended);
    list_html(
        h,
        c.recommendations.iter().map(|r| {
            let because: Vec<String> = r.because.iter().map(|b| e(b)).collect();
            format!(
                "{} <span class=\"muted\">{} · {} {}</span>",
                e(&r.item.title),
                e(&r.item.category),
                w.because,
                because.join(", ")
            )
        }),
        w.none,
    );
    let _ = writeln!(
        h,
        "<h3>{} (recall@{} = {})</h3>",
        w.held_out,
        c.k,
        c.recall
            .map_or_else(|| "—".to_owned(), |r| format!("{r:.2}"))
    );
    let tagged = c
        .hits
        .iter()
        .map(|i| (w.hits, i))
        .chain(c.misses.iter().map(|i| (w.misses, i)));
    list_html(
        h,
        tagged.map(|(t, i)| {
            format!(
                "{t}: {} <span class=\"muted\">{}</span>",
                e(&i.title),
                e(&i.category)
            )
        }),
        w.none,
    );
    let _ = writeln!(h, "<h3>{}</h3><table>", w.history);
    for ev in &c.history {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"muted\">{}</td></tr>",
            date(ev.timestamp, ja),
            e(&ev.item.title),
            e(&ev.item.category)
        );
    }
    h.push_str("</table>\n");
    let _ = writeln!(
        h,
        "<h3>{}</h3><p>{}</p></section>",
        w.notes,
        c.note.as_deref().map_or_else(|| w.none.to_owned(), e)
    );
}

/// The sheet as Markdown; card `i`'s map is referenced as `png_names[i]` (written beside the
/// file by the caller).
#[must_use]
pub fn sheet_markdown(cards: &[UserCard], ja: bool, png_names: &[String]) -> String {
    sheet_markdown_with_goal(cards, ja, png_names, None)
}

/// [`sheet_markdown`] with the project's goal printed under the title.
#[must_use]
pub fn sheet_markdown_with_goal(
    cards: &[UserCard],
    ja: bool,
    png_names: &[String],
    goal: Option<&Goal>,
) -> String {
    let w = words(ja);
    let m = escape_markdown;
    let mut s = String::new();
    let dataset = cards.first().map_or("", |c| c.dataset.as_str());
    let _ = writeln!(s, "# {} — {}\n", w.title, m(dataset));
    if let Some(goal) = goal {
        let (label, line) = goal_line(goal, ja);
        let _ = writeln!(s, "**{label}:** {}\n", m(&line));
    }
    for (i, c) in cards.iter().enumerate() {
        let _ = writeln!(s, "## {} ({})\n", m(&c.name), m(&c.id));
        let _ = writeln!(
            s,
            "{} {}: {} · {}\n",
            c.interactions,
            w.activity,
            c.days_silent
                .map_or_else(String::new, |d| format!("{d:.0}")),
            date(c.last_active, ja)
        );
        let _ = writeln!(s, "### {}\n", w.profile);
        for (k, v) in &c.profile {
            let _ = writeln!(s, "- {}: {}", m(k), m(v));
        }
        let _ = writeln!(s, "\n### {}\n", w.taste);
        for (k, v) in c.top_categories.iter().take(5) {
            let _ = writeln!(s, "- {} {:.0}%", m(k), v * 100.0);
        }
        let _ = writeln!(s, "\n### {}\n", w.questions);
        for (n, q) in suggested_questions(c, ja).iter().enumerate() {
            let _ = writeln!(s, "{}. {}", n + 1, m(q));
        }
        if let Some(png) = png_names.get(i) {
            let _ = writeln!(s, "\n### {}\n\n![map]({png})\n\n*{}*", w.map, w.map_caption);
        }
        let _ = writeln!(s, "\n### {}\n", w.recommended);
        for r in &c.recommendations {
            let because: Vec<String> = r.because.iter().map(|b| m(b)).collect();
            let _ = writeln!(
                s,
                "- {} ({}) — {} {}",
                m(&r.item.title),
                m(&r.item.category),
                w.because,
                because.join(", ")
            );
        }
        let _ = writeln!(s, "\n### {} (recall@{})\n", w.held_out, c.k);
        for (t, it) in c
            .hits
            .iter()
            .map(|i| (w.hits, i))
            .chain(c.misses.iter().map(|i| (w.misses, i)))
        {
            let _ = writeln!(s, "- {t}: {} ({})", m(&it.title), m(&it.category));
        }
        let _ = writeln!(s, "\n### {}\n", w.history);
        for ev in &c.history {
            let _ = writeln!(
                s,
                "- {} {} ({})",
                date(ev.timestamp, ja),
                m(&ev.item.title),
                m(&ev.item.category)
            );
        }
        let _ = writeln!(
            s,
            "\n### {}\n\n{}\n",
            w.notes,
            c.note.as_deref().map_or_else(|| w.none.to_owned(), m)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
        assert_eq!(base64(&[0xff, 0xfe]), "//4=");
    }

    #[test]
    fn escapes_html_and_markdown() {
        assert_eq!(
            escape_html("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(
            escape_markdown("*a* [b](c) <i>"),
            "\\*a\\* \\[b\\](c) &lt;i&gt;"
        );
    }
}
