//! The top bar: dataset path field, Load, Open folder…, language switch, progress + Cancel,
//! and the banner for errors and notices.

use egui::{Color32, RichText};

use super::i18n::{Key, Lang, error_message, fill, tr};
use super::state::{AppState, Banner, Command, ExportKind, MethodChoice};

/// Draw the top bar.
pub fn top_bar_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    ui.add_space(4.0);
    // Wrapped: in presenter mode the row is wider than a projector's screen.
    ui.horizontal_wrapped(|ui| {
        ui.heading(RichText::new(t(Key::AppTitle)).strong());
        ui.separator();
        ui.label(t(Key::Dataset));
        let mut path = state.path_text.clone();
        let edit = ui.add(
            egui::TextEdit::singleline(&mut path)
                .hint_text(t(Key::PathHint))
                .desired_width(320.0),
        );
        if edit.changed() {
            cmds.push(Command::SetPathText(path.clone()));
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui
            .add_enabled(!path.trim().is_empty(), egui::Button::new(t(Key::Load)))
            .clicked()
            || enter
        {
            cmds.push(Command::Open(path.trim().into()));
        }
        if ui
            .button(t(Key::OpenFolder))
            .on_hover_text(t(Key::OpenFolderHover))
            .clicked()
        {
            cmds.push(Command::PickFolder);
        }
        if ui
            .button(t(Key::OpenFile))
            .on_hover_text(t(Key::OpenFileHover))
            .clicked()
        {
            cmds.push(Command::PickFile);
        }
        export_menu_ui(ui, state, cmds);
        super::bookmarks_ui::bookmarks_menu_ui(ui, state, cmds);
        ui.separator();
        if ui
            .selectable_label(state.audit.open, t(Key::AuditOpen))
            .clicked()
        {
            cmds.push(Command::ShowAudit(!state.audit.open));
        }
        if ui
            .selectable_label(state.compare.open, t(Key::CompareOpen))
            .clicked()
        {
            cmds.push(Command::ShowCompare(!state.compare.open));
        }
        ui.separator();
        ui.label(t(Key::Language));
        for (l, label) in [(Lang::Ja, "日本語"), (Lang::En, "English")] {
            if ui.selectable_label(lang == l, label).clicked() && lang != l {
                cmds.push(Command::SetLang(l));
            }
        }
        let presenter = state.settings.presenter;
        if ui
            .selectable_label(presenter, t(Key::PresenterMode))
            .on_hover_text(t(Key::PresenterHover))
            .clicked()
        {
            cmds.push(Command::SetPresenter(!presenter));
        }
    });
    // Second row: how vectors are made (and the hybrid's weight).
    // Wrapped too: in Japanese presenter mode the method names and their knobs are wider than
    // the screen.
    ui.horizontal_wrapped(|ui| method_row_ui(ui, state, cmds));
    if let Some(r) = &state.running {
        ui.horizontal(|ui| progress_ui(ui, lang, r, cmds));
    }
    banner_ui(ui, state, cmds);
    ui.add_space(2.0);
}

/// The running job's stage (with rows/s and time left in long stages) and Cancel.
fn progress_ui(ui: &mut egui::Ui, lang: Lang, r: &super::state::Running, cmds: &mut Vec<Command>) {
    let t = |k| tr(lang, k);
    let text = super::progress_text::progress_text(lang, r.stage, r.done, r.total, r.rate());
    ui.add(
        egui::ProgressBar::new(r.fraction())
            .desired_width(360.0)
            .text(text)
            .animate(true),
    );
    if ui.button(t(Key::Cancel)).clicked() {
        cmds.push(Command::Cancel);
    }
}

/// The Export menu: each entry exports the run on screen (the dialog asks where).
fn export_menu_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    let Some(run) = &state.run else {
        return;
    };
    if state.exporting.is_some() {
        ui.spinner().on_hover_text(t(Key::Exporting));
        return;
    }
    let has_selection = state.selected.is_some() || !state.map_view.marked.is_empty();
    let has_user = state
        .selected
        .iter()
        .chain(&state.map_view.marked)
        .any(|&p| run.points[p].kind == crate::data::Kind::User);
    ui.menu_button(t(Key::ExportMenu), |ui| {
        for (kind, key, enabled) in [
            (ExportKind::Projector, Key::ExportProjector, true),
            (ExportKind::Npy, Key::ExportNpy, true),
            (ExportKind::CoordinatesCsv, Key::ExportCoordinates, true),
            (ExportKind::MapPng, Key::ExportPng, true),
            (
                ExportKind::NeighboursCsv,
                Key::ExportNeighbours,
                has_selection,
            ),
            (
                ExportKind::RecommendationsCsv,
                Key::ExportRecommendations,
                has_user,
            ),
            (ExportKind::SummaryMarkdown, Key::ExportSummaryMd, true),
            (ExportKind::SummaryHtml, Key::ExportSummaryHtml, true),
        ] {
            let button = ui
                .add_enabled(enabled, egui::Button::new(t(key)))
                .on_disabled_hover_text(t(Key::ExportNeedsSelection));
            if button.clicked() {
                cmds.push(Command::Export(kind, None));
                ui.close();
            }
        }
        ui.separator();
        if ui.button(t(Key::ExportTypePath)).clicked() {
            cmds.push(Command::ShowExportPanel(Some(
                state
                    .export_panel
                    .kind
                    .unwrap_or(ExportKind::CoordinatesCsv),
            )));
            ui.close();
        }
    })
    .response
    .on_hover_text(t(Key::ExportMenuHover));
}

/// The embedding methods this dataset can use, and the current method's knobs.
fn method_row_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    ui.label(t(Key::Method)).on_hover_text(t(Key::MethodHover));
    for (m, key) in [
        (MethodChoice::Features, Key::MethodFeatures),
        (MethodChoice::Text, Key::MethodText),
        (MethodChoice::Als, Key::MethodAls),
        (MethodChoice::Item2Vec, Key::MethodItem2Vec),
        (MethodChoice::Hybrid, Key::MethodHybrid),
        (MethodChoice::Imported, Key::MethodImported),
        (MethodChoice::TextModel, Key::MethodTextModel),
    ] {
        // Imported vectors are offered only when the dataset ships them.
        let has_vectors = state
            .run
            .as_ref()
            .is_some_and(|r| r.data.item_vectors.is_some());
        if m == MethodChoice::Imported && !has_vectors {
            continue;
        }
        // Numeric features only when the dataset has numeric columns (MovieLens has none).
        let has_features = state
            .run
            .as_ref()
            .is_none_or(|r| r.data.items.features.dim() > 0);
        if m == MethodChoice::Features && !has_features {
            continue;
        }
        let current = state.settings.method == m;
        // A reduced copy on screen says so where its method is named.
        let text = match state.run.as_ref().and_then(|r| r.reduced.as_ref()) {
            Some(copy) if current => reduced_label(lang, t(key), copy),
            _ => t(key).to_owned(),
        };
        if ui
            .selectable_label(current, text)
            .on_hover_text(t(Key::MethodHover))
            .clicked()
            && !current
        {
            cmds.push(Command::SetMethod(m));
        }
    }
    if state.settings.method == MethodChoice::TextModel || state.model_picker.open {
        // The picker: which model, which text.
        let open = state.model_picker.open;
        if ui.selectable_label(open, t(Key::ModelChoose)).clicked() {
            cmds.push(Command::ShowModelPicker(!open));
        }
    }
    if matches!(
        state.settings.method,
        MethodChoice::Als | MethodChoice::Hybrid
    ) {
        ui.separator();
        super::als_settings_ui::als_regularization_ui(ui, state, cmds);
    }
    if state.settings.method == MethodChoice::Hybrid {
        ui.separator();
        hybrid_weight_ui(ui, state, cmds);
        if state.settings.text_model.is_some() {
            let mut on = state.settings.hybrid_text_model;
            if ui
                .checkbox(&mut on, t(Key::HybridFromModel))
                .on_hover_text(t(Key::HybridFromModelHover))
                .changed()
            {
                cmds.push(Command::SetHybridTextModel(on));
            }
        }
    }
    if state.settings.method == MethodChoice::Features {
        ui.separator();
        feature_weights_ui(ui, state, cmds);
    }
}

/// `imported · PCA to 64 of 384 dims`: the method of a reduced copy, with the reduction.
#[must_use]
pub fn reduced_label(
    lang: Lang,
    method: &str,
    copy: &crate::pipeline::reduced::ReducedCopy,
) -> String {
    fill(
        tr(lang, Key::ReduceMethodLabel),
        &[
            ("method", method.to_owned()),
            (
                "reduction",
                super::reduce_ui::reduction_name(copy.params.reduction, lang).to_owned(),
            ),
            ("k", copy.params.dim.to_string()),
            ("d", copy.from_dim().to_string()),
        ],
    )
}

/// The hybrid's text weight; the dataset is re-embedded when the slider is released.
fn hybrid_weight_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let id = egui::Id::unique("embedscope.hybrid_weight");
    let mut w: f32 = ui
        .data(|d| d.get_temp(id))
        .unwrap_or(state.settings.hybrid_weight);
    ui.horizontal(|ui| {
        let resp = ui
            .add(
                egui::Slider::new(&mut w, 0.0..=1.0)
                    .text(tr(lang, Key::HybridWeight))
                    .fixed_decimals(2),
            )
            .on_hover_text(tr(lang, Key::HybridHover));
        if resp.dragged() {
            ui.data_mut(|d| d.insert_temp(id, w));
        } else {
            ui.data_mut(|d| d.remove::<f32>(id));
            if (resp.drag_stopped() || resp.changed())
                && (w - state.settings.hybrid_weight).abs() > f32::EPSILON
            {
                cmds.push(Command::SetHybridWeight(w));
            }
        }
    });
}

/// One slider per numeric feature (0–3); the dataset is re-embedded when a slider is released.
fn feature_weights_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let Some(run) = &state.run else {
        return;
    };
    let features = &run.data.items.features;
    if features.dim() == 0 {
        return;
    }
    let current: Vec<f64> = if state.feature_weights.len() == features.dim() {
        state.feature_weights.clone()
    } else {
        vec![1.0; features.dim()]
    };
    let id = egui::Id::unique("embedscope.feature_weights");
    // Stays open while sliders are used; closes on a click outside.
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    let (button, _) = egui::containers::menu::MenuButton::new(tr(lang, Key::FeatureWeights))
        .config(config)
        .ui(ui, |ui| {
            ui.set_max_width(340.0);
            ui.label(tr(lang, Key::FeatureWeightsHover));
            let mut w: Vec<f64> = ui
                .data(|d| d.get_temp::<Vec<f64>>(id))
                .filter(|w| w.len() == current.len())
                .unwrap_or_else(|| current.clone());
            let mut dragging = false;
            let mut released = false;
            for (d, weight) in w.iter_mut().enumerate() {
                let label = if lang == Lang::Ja {
                    &features.labels_ja[d]
                } else {
                    &features.labels[d]
                };
                let resp = ui.add(
                    egui::Slider::new(weight, 0.0..=3.0)
                        .text(label.as_str())
                        .step_by(0.1)
                        .fixed_decimals(1),
                );
                // A quick click can start and stop a drag in one frame: that is a release.
                dragging |= resp.dragged() && !resp.drag_stopped();
                released |= resp.drag_stopped() || (resp.changed() && !resp.dragged());
            }
            if ui.button(tr(lang, Key::ResetWeights)).clicked() {
                w = vec![1.0; current.len()];
                released = true;
            }
            if released && w != current {
                ui.data_mut(|d| d.remove::<Vec<f64>>(id));
                let all_one = w.iter().all(|x| (*x - 1.0).abs() < 1e-12);
                cmds.push(Command::SetFeatureWeights(if all_one {
                    Vec::new()
                } else {
                    w
                }));
            } else if dragging {
                ui.data_mut(|d| d.insert_temp(id, w));
            } else {
                ui.data_mut(|d| d.remove::<Vec<f64>>(id));
            }
        });
    button.on_hover_text(tr(lang, Key::FeatureWeightsHover));
}

fn banner_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    if state.cjk_missing && !state.cjk_notice_dismissed {
        notice_ui(
            ui,
            Color32::from_rgb(120, 90, 0),
            tr(lang, Key::CjkGlyphMissing),
            tr(lang, Key::Dismiss),
            || cmds.push(Command::DismissCjkNotice),
        );
    }
    let Some(banner) = &state.banner else { return };
    let (color, text) = match banner {
        Banner::Error(e) => (
            Color32::from_rgb(140, 30, 30),
            format!("{} {}", tr(lang, Key::LoadFailed), error_message(lang, e)),
        ),
        Banner::Info(k) => (Color32::from_rgb(40, 70, 120), tr(lang, *k).to_owned()),
        Banner::Exported(paths) => (
            Color32::from_rgb(30, 100, 50),
            format!(
                "{} {}",
                tr(lang, Key::ExportDone),
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Banner::ExportFailed(e) => (
            Color32::from_rgb(140, 30, 30),
            format!(
                "{} {}",
                tr(lang, Key::ExportFailed),
                super::i18n::report_error_message(lang, e)
            ),
        ),
        Banner::Cleaned { removed, now } => (
            Color32::from_rgb(30, 100, 50),
            fill(
                tr(lang, Key::AuditCleanedBanner),
                &[
                    ("ri", removed[0].to_string()),
                    ("ru", removed[1].to_string()),
                    ("rn", removed[2].to_string()),
                    ("items", now[0].to_string()),
                    ("users", now[1].to_string()),
                    ("n", now[2].to_string()),
                ],
            ),
        ),
        Banner::Workspace(w) => (
            Color32::from_rgb(120, 90, 20),
            format!("{}: {w}", tr(lang, Key::WorkspaceWarning)),
        ),
    };
    notice_ui(ui, color, &text, tr(lang, Key::Dismiss), || {
        cmds.push(Command::DismissBanner);
    });
}

fn notice_ui(
    ui: &mut egui::Ui,
    fill_color: Color32,
    text: &str,
    dismiss: &str,
    on_dismiss: impl FnOnce(),
) {
    egui::Frame::new()
        .fill(fill_color)
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(text).color(Color32::WHITE));
                if ui.button(dismiss).clicked() {
                    on_dismiss();
                }
            });
        });
}

/// "147 items · 80 users · 4 dimensions" for the current run.
#[must_use]
pub fn counts_text(state: &AppState) -> Option<String> {
    let run = state.run.as_ref()?;
    let placed = run.points.len() - run.data.items.len();
    let counts = fill(
        tr(state.lang(), Key::Counts),
        &[
            ("items", run.data.items.len().to_string()),
            ("users", placed.to_string()),
            ("dim", run.embeddings.dim().to_string()),
        ],
    );
    // A sample of a larger table says so wherever the counts are shown.
    Some(match &run.data.sources.sample {
        Some(s) => format!(
            "{counts} · {}",
            super::whole_table_ui::sample_label(state, s)
        ),
        None => counts,
    })
}
