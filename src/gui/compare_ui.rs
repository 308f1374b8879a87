//! The run-comparison panel: how two runs differ after aligning B onto A — a summary
//! (shared items, Procrustes disparity, mean neighbourhood overlap), the shift of each
//! category's centre, and a sortable table of the items (neighbours kept, how far they moved)
//! whose rows select an item.
//!
//! Self-contained: it reads a [`Comparison`] and a [`CompareSort`] the caller keeps, and
//! returns the id of a clicked item. The table draws only the visible rows and sorts once per
//! change of column, direction or comparison.

use egui::{Align, Color32, Layout, RichText, Sense, Ui};

use super::i18n::{Key, Lang, fill, tr};
use crate::eval::compare::{Comparison, ItemChange, Note};

/// A column of the items table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum SortColumn {
    /// The item's title.
    Title,
    /// Its category.
    Category,
    /// The Jaccard index of its neighbour sets (ascending = most changed first).
    #[default]
    Jaccard,
    /// How far it moved after alignment.
    Displacement,
}

/// How the items table is sorted; keep one per comparison view (it caches the order).
/// The default (Jaccard ascending) is the comparison's own order: most changed first.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CompareSort {
    /// The column sorted by.
    pub column: SortColumn,
    /// Largest first.
    pub descending: bool,
    #[serde(skip)]
    order: Vec<usize>,
    #[serde(skip)]
    sorted_for: Option<(SortColumn, bool, usize, u64)>,
}

impl CompareSort {
    /// A header was clicked: the same column flips direction; another column starts with its
    /// natural direction (largest displacement first, others ascending).
    pub fn click(&mut self, column: SortColumn) {
        if self.column == column {
            self.descending = !self.descending;
        } else {
            self.column = column;
            self.descending = column == SortColumn::Displacement;
        }
    }

    /// Row order (indices into `Comparison::items`) as last drawn.
    #[must_use]
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Sort again if the column, the direction or the comparison changed. Ties keep the
    /// comparison's order (most changed first, then id), so the order is stable.
    pub fn refresh(&mut self, cmp: &Comparison) {
        let key = (
            self.column,
            self.descending,
            cmp.items.len(),
            cmp.disparity.to_bits(),
        );
        if self.sorted_for == Some(key) {
            return;
        }
        let items = &cmp.items;
        let mut order: Vec<usize> = (0..items.len()).collect();
        let by = |a: &ItemChange, b: &ItemChange| match self.column {
            SortColumn::Title => a.title.cmp(&b.title),
            SortColumn::Category => a.category.cmp(&b.category),
            SortColumn::Jaccard => a.jaccard.total_cmp(&b.jaccard),
            SortColumn::Displacement => a.displacement.total_cmp(&b.displacement),
        };
        order.sort_by(|&i, &j| {
            let o = by(&items[i], &items[j]);
            if self.descending { o.reverse() } else { o }
        });
        self.order = order;
        self.sorted_for = Some(key);
    }
}

/// Widths of the category, neighbours-kept and moved columns (the title takes the rest).
const CATEGORY_WIDTH: f32 = 110.0;
const JACCARD_WIDTH: f32 = 110.0;
const MOVED_WIDTH: f32 = 70.0;

/// Draw the comparison; returns the id of the item whose row was clicked.
pub fn compare_ui(
    ui: &mut Ui,
    cmp: &Comparison,
    ja: bool,
    sort: &mut CompareSort,
) -> Option<String> {
    let lang = if ja { Lang::Ja } else { Lang::En };
    summary_ui(ui, cmp, lang);
    categories_ui(ui, cmp, lang);
    ui.separator();
    ui.label(
        RichText::new(tr(lang, Key::CompareTableHint))
            .small()
            .weak(),
    );
    sort.refresh(cmp);
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let title_width =
        (ui.available_width() - CATEGORY_WIDTH - JACCARD_WIDTH - MOVED_WIDTH - 24.0).max(80.0);
    let widths = [title_width, CATEGORY_WIDTH, JACCARD_WIDTH, MOVED_WIDTH];
    header_ui(ui, lang, sort, widths, row_height);
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("compare_items")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, sort.order.len(), |ui, range| {
            for &i in &sort.order[range] {
                if let Some(id) = row_ui(ui, cmp, &cmp.items[i], lang, widths, row_height) {
                    clicked = Some(id);
                }
            }
        });
    clicked
}

fn summary_ui(ui: &mut Ui, cmp: &Comparison, lang: Lang) {
    ui.label(RichText::new(tr(lang, Key::CompareTitle)).strong());
    ui.label(fill(
        tr(lang, Key::CompareShared),
        &[
            ("shared", cmp.shared.to_string()),
            ("a", cmp.only_a.to_string()),
            ("b", cmp.only_b.to_string()),
        ],
    ));
    let mut disparity = fill(
        tr(lang, Key::CompareDisparity),
        &[("d", format!("{:.3}", cmp.disparity))],
    );
    if cmp.reflection {
        disparity = format!("{disparity} {}", tr(lang, Key::CompareMirrored));
    }
    ui.label(disparity)
        .on_hover_text(tr(lang, Key::CompareDisparityHover));
    ui.label(fill(
        tr(lang, Key::CompareMeanJaccard),
        &[
            ("k", cmp.k.to_string()),
            ("p", format!("{:.0}", cmp.mean_jaccard * 100.0)),
        ],
    ));
    for note in &cmp.notes {
        ui.label(
            RichText::new(note_text(lang, note))
                .small()
                .color(Color32::YELLOW),
        );
    }
}

fn note_text(lang: Lang, note: &Note) -> String {
    match note {
        Note::KClamped { requested, used } => fill(
            tr(lang, Key::CompareNoteK),
            &[
                ("requested", requested.to_string()),
                ("used", used.to_string()),
            ],
        ),
        Note::Padded { dim_a, dim_b } => fill(
            tr(lang, Key::CompareNotePadded),
            &[("a", dim_a.to_string()), ("b", dim_b.to_string())],
        ),
        Note::ZeroVectors { run, count } => fill(
            tr(lang, Key::CompareNoteZero),
            &[("run", run.clone()), ("n", count.to_string())],
        ),
    }
}

fn categories_ui(ui: &mut Ui, cmp: &Comparison, lang: Lang) {
    if cmp.categories.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(tr(lang, Key::CompareCategories))
        .id_salt("compare_categories")
        .default_open(false)
        .show(ui, |ui| {
            egui::Grid::new("compare_categories_grid")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    ui.label(RichText::new(tr(lang, Key::Category)).strong());
                    ui.label(RichText::new(tr(lang, Key::CompareShift)).strong())
                        .on_hover_text(tr(lang, Key::CompareMovedHover));
                    ui.label(RichText::new(tr(lang, Key::CompareMeanMoved)).strong())
                        .on_hover_text(tr(lang, Key::CompareMeanMovedHover));
                    ui.label(RichText::new(tr(lang, Key::Items)).strong());
                    ui.end_row();
                    for c in &cmp.categories {
                        ui.label(&c.category);
                        ui.label(RichText::new(format!("{:.3}", c.shift)).monospace());
                        ui.label(RichText::new(format!("{:.3}", c.mean_displacement)).monospace());
                        ui.label(c.items.to_string());
                        ui.end_row();
                    }
                });
        });
}

/// A fixed-width cell, left-aligned and vertically centred.
fn cell<R>(ui: &mut Ui, width: f32, height: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_width(width);
            add(ui)
        },
    )
    .inner
}

fn header_ui(ui: &mut Ui, lang: Lang, sort: &mut CompareSort, widths: [f32; 4], height: f32) {
    let columns = [
        (SortColumn::Title, Key::Name, None),
        (SortColumn::Category, Key::Category, None),
        (
            SortColumn::Jaccard,
            Key::CompareKept,
            Some(Key::CompareKeptHover),
        ),
        (
            SortColumn::Displacement,
            Key::CompareMoved,
            Some(Key::CompareMovedHover),
        ),
    ];
    ui.horizontal(|ui| {
        for ((column, key, hover), width) in columns.into_iter().zip(widths) {
            cell(ui, width, height, |ui| {
                let active = sort.column == column;
                let text = RichText::new(tr(lang, key)).strong();
                let mut resp = ui.add(egui::Button::new(text).frame(false));
                if let Some(h) = hover {
                    resp = resp.on_hover_text(tr(lang, h));
                }
                if active {
                    ui.label(if sort.descending { "▼" } else { "▲" });
                }
                if resp.clicked() {
                    sort.click(column);
                }
            });
        }
    });
}

/// One item's row; returns its id when its title was clicked.
fn row_ui(
    ui: &mut Ui,
    cmp: &Comparison,
    item: &ItemChange,
    lang: Lang,
    widths: [f32; 4],
    height: f32,
) -> Option<String> {
    let mut clicked = None;
    ui.horizontal(|ui| {
        cell(ui, widths[0], height, |ui| {
            let resp = ui
                .selectable_label(false, &item.title)
                .on_hover_ui(|ui| neighbours_tooltip_ui(ui, cmp, item, lang));
            if resp.clicked() {
                clicked = Some(item.id.clone());
            }
        });
        cell(ui, widths[1], height, |ui| ui.label(&item.category));
        cell(ui, widths[2], height, |ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(40.0, 8.0), Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
            let mut filled = rect;
            filled.set_width(rect.width() * item.jaccard.clamp(0.0, 1.0) as f32);
            ui.painter()
                .rect_filled(filled, 2.0, ui.visuals().selection.bg_fill);
            ui.label(RichText::new(format!("{:.2}", item.jaccard)).monospace());
        });
        cell(ui, widths[3], height, |ui| {
            ui.label(RichText::new(format!("{:.3}", item.displacement)).monospace())
        });
    });
    clicked
}

/// The item's neighbours in A and in B by title; those in both are bold.
fn neighbours_tooltip_ui(ui: &mut Ui, cmp: &Comparison, item: &ItemChange, lang: Lang) {
    let title = |id: &str| {
        cmp.items
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_owned(), |c| c.title.clone())
    };
    ui.horizontal_top(|ui| {
        for (key, list, other) in [
            (
                Key::CompareNeighboursA,
                &item.neighbours_a,
                &item.neighbours_b,
            ),
            (
                Key::CompareNeighboursB,
                &item.neighbours_b,
                &item.neighbours_a,
            ),
        ] {
            ui.vertical(|ui| {
                ui.label(RichText::new(tr(lang, key)).strong());
                for id in list {
                    let text = RichText::new(title(id));
                    ui.label(if other.contains(id) {
                        text.strong()
                    } else {
                        text.weak()
                    });
                }
            });
        }
    });
}

/// The saved runs compared by default (A older, B newer): the two newest runs of the dataset on
/// screen (`current`: its saved run, else its folder `root`), else the two newest of any one
/// dataset, else the newest run twice. `runs` is newest first.
#[must_use]
pub fn default_pair(
    runs: &[crate::store::RunInfo],
    current: Option<i64>,
    root: &std::path::Path,
) -> Option<(i64, i64)> {
    let same = |a: &std::path::Path, b: &std::path::Path| {
        a == b
            || a.canonicalize()
                .ok()
                .zip(b.canonicalize().ok())
                .is_some_and(|(x, y)| x == y)
    };
    let on_screen = runs
        .iter()
        .find(|r| Some(r.id) == current)
        .map_or_else(|| root.to_path_buf(), |r| r.dataset_path.clone());
    let pair_of = |dataset: &std::path::Path| {
        let mut of_it = runs.iter().filter(|r| same(&r.dataset_path, dataset));
        match (of_it.next(), of_it.next()) {
            (Some(newer), Some(older)) => Some((older.id, newer.id)),
            _ => None,
        }
    };
    pair_of(&on_screen)
        .or_else(|| runs.iter().find_map(|r| pair_of(&r.dataset_path)))
        .or_else(|| runs.first().map(|r| (r.id, r.id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    fn item(id: &str, title: &str, jaccard: f64, displacement: f64) -> ItemChange {
        ItemChange {
            id: id.to_owned(),
            title: title.to_owned(),
            category: "drama".to_owned(),
            row_a: 0,
            row_b: 0,
            displacement,
            jaccard,
            neighbours_a: vec!["b".to_owned()],
            neighbours_b: vec!["c".to_owned()],
        }
    }

    /// Three items in the comparison's order (most changed first): Alpha moved least, Gamma most.
    fn comparison() -> Comparison {
        Comparison {
            shared: 3,
            only_a: 1,
            only_b: 0,
            dim_a: 2,
            dim_b: 2,
            k: 1,
            centred: true,
            disparity: 0.25,
            scale: 0.8,
            reflection: false,
            mean_jaccard: 0.5,
            items: vec![
                item("a", "Alpha", 0.0, 0.1),
                item("b", "Beta", 0.5, 0.5),
                item("c", "Gamma", 1.0, 2.0),
            ],
            categories: Vec::new(),
            notes: vec![Note::KClamped {
                requested: 10,
                used: 1,
            }],
        }
    }

    type State = (CompareSort, Option<String>);

    fn harness(ja: bool) -> Harness<'static, State> {
        let cmp = comparison();
        Harness::builder()
            .with_size(egui::vec2(700.0, 500.0))
            .with_context_setup(|ctx| {
                let _cjk_missing = crate::gui::fonts::install(ctx, Some("ja"));
            })
            .build_ui_state(
                move |ui, state: &mut State| {
                    if let Some(id) = compare_ui(ui, &cmp, ja, &mut state.0) {
                        state.1 = Some(id);
                    }
                },
                (CompareSort::default(), None),
            )
    }

    fn y_of(h: &Harness<'_, State>, label: &str) -> f32 {
        h.get_by_label(label).rect().center().y
    }

    #[test]
    fn clicking_a_header_sorts_and_a_row_selects() {
        let mut h = harness(false);
        h.run();
        assert_eq!(h.state().0.order(), [0, 1, 2]);
        assert!(y_of(&h, "Alpha") < y_of(&h, "Gamma"), "most changed first");
        assert!(
            h.query_by_label_contains("k = 10 was lowered to 1")
                .is_some()
        );

        // "moved": largest displacement first.
        h.get_by_label("moved").click();
        h.run();
        assert_eq!(h.state().0.column, SortColumn::Displacement);
        assert_eq!(h.state().0.order(), [2, 1, 0]);
        assert!(y_of(&h, "Gamma") < y_of(&h, "Beta"));
        assert!(y_of(&h, "Beta") < y_of(&h, "Alpha"));
        // Again: smallest first.
        h.get_by_label("moved").click();
        h.run();
        assert_eq!(h.state().0.order(), [0, 1, 2]);

        h.get_by_label("Beta").click();
        h.run();
        assert_eq!(h.state().1.as_deref(), Some("b"));
    }

    #[test]
    fn japanese_labels() {
        let mut h = harness(true);
        h.run();
        assert!(h.query_by_label("移動量").is_some());
        assert!(h.query_by_label("近傍の一致").is_some());
        assert!(h.query_by_label("moved").is_none());
    }
}
