//! Below the neighbour lists of a sampled table: which rows the lists searched (the sample on
//! the map), and a button that searches **the whole table** behind it by a streaming exact scan
//! in the worker ([`crate::pipeline::table_query`]), with progress, rows per second and Cancel.
//! Its two lists mark the rows that are not on the map.

use std::sync::Arc;
use std::time::Instant;

use egui::RichText;

use super::i18n::{Key, fill, tr};
use super::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};
use super::state::{AppState, Command};
use crate::data::{RowSample, thousands};
use crate::pipeline::RunOutput;
use crate::pipeline::job::Job;
use crate::pipeline::table_query::{TableHit, TableNeighbours};

/// The whole-table search of the selected point.
#[derive(Debug, Default)]
pub struct WholeTableView {
    /// The search in flight, for this point.
    pub job: Option<(usize, Job<TableNeighbours>)>,
    /// Its progress (0–1).
    pub progress: f32,
    /// When the search in flight started (for rows per second).
    pub started: Option<Instant>,
    /// The last result and the point it is for.
    pub result: Option<(usize, Arc<TableNeighbours>)>,
    /// The last error, shown until the next search.
    pub error: Option<String>,
}

/// "a 2,000,000-row sample of 310,000,000 rows" in the UI language.
#[must_use]
pub fn sample_label(state: &AppState, s: &RowSample) -> String {
    let lang = state.lang();
    let mut args = vec![("rows", thousands(s.rows as u64)), ("of", thousands(s.of))];
    match &s.stratified_by {
        Some(c) => {
            args.push(("column", c.clone()));
            fill(tr(lang, Key::SampleStratified), &args)
        }
        None => fill(tr(lang, Key::SampleLabel), &args),
    }
}

/// Draw the section when the run's dataset is a sample (nothing otherwise).
pub fn whole_table_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &RunOutput,
    point: usize,
    cmds: &mut Vec<Command>,
) {
    let Some(sample) = &run.data.sources.sample else {
        return;
    };
    let lang = state.lang();
    let view = &state.whole_table;
    ui.separator();
    ui.label(
        RichText::new(fill(
            tr(lang, Key::SearchedSample),
            &[("sample", sample_label(state, sample))],
        ))
        .weak(),
    );
    if view.job.is_some() {
        let done = (f64::from(view.progress) * sample.of as f64) as u64;
        let secs = view.started.map_or(0.0, |t| t.elapsed().as_secs_f64());
        ui.horizontal(|ui| {
            ui.add(egui::ProgressBar::new(view.progress).desired_width(160.0));
            if ui.button(tr(lang, Key::Cancel)).clicked() {
                cmds.push(Command::CancelWholeTable);
            }
        });
        ui.label(fill(
            tr(lang, Key::WholeTableSearching),
            &[
                ("done", thousands(done)),
                ("of", thousands(sample.of)),
                ("rate", format!("{:.0}", done as f64 / secs.max(1e-3))),
            ],
        ));
    } else {
        let button = ui
            .button(fill(
                tr(lang, Key::SearchWholeTable),
                &[("of", thousands(sample.of))],
            ))
            .on_hover_text(tr(lang, Key::SearchWholeTableHover));
        if button.clicked() {
            cmds.push(Command::SearchWholeTable(point));
        }
    }
    if let Some(e) = &view.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let Some((for_point, found)) = &view.result else {
        return;
    };
    if *for_point != point {
        return;
    }
    ui.label(
        RichText::new(fill(
            tr(lang, Key::WholeTableResult),
            &[
                ("rows", thousands(found.rows_searched)),
                ("s", format!("{:.1}", found.seconds)),
                ("rate", thousands(found.rows_per_s as u64)),
            ],
        ))
        .strong(),
    );
    hits_ui(ui, state, Key::Euclidean, EUCLID_COLOR, &found.euclidean);
    hits_ui(ui, state, Key::Cosine, COSINE_COLOR, &found.cosine);
}

fn hits_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    heading: Key,
    colour: egui::Color32,
    hits: &[TableHit],
) {
    let lang = state.lang();
    ui.label(RichText::new(tr(lang, heading)).color(colour).strong());
    for (i, h) in hits.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{:>2}. {:.4}  {}", i + 1, h.value, h.id));
            if !h.in_sample {
                ui.label(RichText::new(tr(lang, Key::NotInSample)).weak().italics());
            }
        });
    }
}
