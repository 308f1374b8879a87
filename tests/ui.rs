//! UI tests with `egui_kittest` (no window, no GPU): click in the list → both neighbour lists,
//! switch language, a bad folder → banner while the previous dataset stays, zero vector → "—".

pub mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::kittest::{Slot, app, harness, loaded, step_until};
use common::{INTERACTIONS, ITEMS, dataset, sample};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::gui::App;
use embedscope::gui::i18n::Lang;
use embedscope::gui::state::{Banner, Command};
use embedscope::pipeline::query::KindFilter;

fn item_point(a: &App, id: &str) -> usize {
    a.state
        .run
        .as_ref()
        .expect("loaded")
        .data
        .items
        .find(id)
        .expect("known id") as usize
}

#[test]
fn clicking_a_cafe_in_the_list_shows_both_neighbour_lists() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    assert_eq!(app(&h).state.run.as_ref().unwrap().data.items.len(), 147);
    h.get_all_by_label("Café Komorebi")
        .next()
        .expect("listed")
        .click();
    step_until(&mut h, |a| a.state.comparison.is_some());
    let a = app(&h);
    assert_eq!(a.state.selected, Some(item_point(a, "c001")));
    let cmp = a.state.comparison.as_ref().unwrap().as_ref().unwrap();
    assert_eq!(cmp.euclidean.len(), 5);
    assert_eq!(cmp.euclidean[0].point, item_point(a, "c002"));
    assert_eq!(cmp.cosine.as_ref().unwrap()[0].point, item_point(a, "c003"));
    // Both lists are on screen, with the overlap and the vector card.
    assert!(h.query_by_label("Euclidean distance").is_some());
    assert!(h.query_by_label("Cosine similarity").is_some());
    assert_eq!(
        h.query_all_by_label("Komorebi Reserve").count(),
        2,
        "in the list and in the cosine column"
    );
    assert!(h.query_by_label_contains("of 5 shared").is_some());
    assert!(h.query_by_label_contains("Length (norm)").is_some());
    assert!(h.query_by_label("price (¥)").is_some());

    // Clicking a neighbour row (the last match: the list panel also names it) selects it.
    h.get_all_by_label("Komorebi Reserve")
        .last()
        .unwrap()
        .click();
    step_until(&mut h, |a| a.state.selected == Some(item_point(a, "c003")));
    let a = app(&h);
    let cmp = a.state.comparison.as_ref().unwrap().as_ref().unwrap();
    assert_eq!(
        cmp.cosine.as_ref().unwrap()[0].point,
        item_point(a, "c001"),
        "and A is C's most similar"
    );
}

#[test]
fn k_and_filter_change_the_lists() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    h.get_all_by_label("Café Komorebi").next().unwrap().click();
    step_until(&mut h, |a| a.state.comparison.is_some());
    h.state_mut().as_mut().unwrap().push(Command::SetK(12));
    step_until(&mut h, |a| a.state.settings.k == 12);
    h.get_by_label("Users only").click();
    step_until(&mut h, |a| a.state.settings.filter == KindFilter::Users);
    let a = app(&h);
    let cmp = a.state.comparison.as_ref().unwrap().as_ref().unwrap();
    assert_eq!(cmp.euclidean.len(), 12);
    assert!(
        cmp.euclidean
            .iter()
            .all(|n| n.entity.kind == embedscope::data::Kind::User)
    );
}

#[test]
fn a_clamped_perplexity_is_explained_in_the_ui_language() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    let points = app(&h).state.run.as_ref().unwrap().points.len();
    assert!(
        points < 301,
        "{points} points: perplexity 100 would not be clamped"
    );
    // The sliders' command (they show once the map is on t-SNE).
    h.state_mut()
        .as_mut()
        .unwrap()
        .push(Command::SetTsneParams(100.0, 250));
    h.run_steps(2);
    assert!((app(&h).state.projection.perplexity - 100.0).abs() < 1e-6);
    h.get_by_label("t-SNE").click();
    step_until(&mut h, |a| {
        a.state.projection.tsne.is_some() && !a.state.projection.running()
    });
    let english = format!("perplexity 100 is too large for {points} points");
    assert!(h.query_by_label_contains(&english).is_some());
    h.get_by_label("日本語").click();
    step_until(&mut h, |a| a.state.lang() == Lang::Ja);
    let japanese = format!("パープレキシティ 100 は {points} 点には大きすぎます");
    assert!(h.query_by_label_contains(&japanese).is_some());
    assert!(h.query_by_label_contains(&english).is_none());
}

#[test]
fn switching_language_changes_the_labels() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    assert!(h.query_by_label("Nearest neighbours").is_some());
    h.get_by_label("日本語").click();
    step_until(&mut h, |a| a.state.lang() == Lang::Ja);
    assert!(h.query_by_label("近傍（似ているもの）").is_some());
    assert!(h.query_by_label("Nearest neighbours").is_none());
    assert!(h.query_by_label("フォルダを開く…").is_some());
    // Names follow the language too.
    assert!(h.query_all_by_label("カフェ こもれび").next().is_some());
    h.get_by_label("English").click();
    step_until(&mut h, |a| a.state.lang() == Lang::En);
    assert!(h.query_by_label("Nearest neighbours").is_some());
}

#[test]
fn a_bad_folder_shows_a_banner_and_keeps_the_previous_dataset() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    let bad = dataset(&[("items.csv", b"id,price\na,1\nb,cheap\n")]);
    h.state_mut()
        .as_mut()
        .unwrap()
        .push(Command::SetPathText(bad.path().display().to_string()));
    h.step();
    h.get_by_label("Load").click();
    step_until(&mut h, |a| {
        matches!(a.state.banner, Some(Banner::Error(_))) && !a.state.is_busy()
    });
    assert!(
        h.query_by_label_contains(
            "items.csv:3: column \"price\": expected a number, found \"cheap\""
        )
        .is_some()
    );
    let a = app(&h);
    assert_eq!(
        a.state.run.as_ref().unwrap().data.items.len(),
        147,
        "the cafés are still loaded"
    );
    assert!(h.query_all_by_label("Café Komorebi").next().is_some());
    // The banner is translated with the rest of the UI.
    h.get_by_label("日本語").click();
    step_until(&mut h, |a| a.state.lang() == Lang::Ja);
    assert!(
        h.query_by_label_contains("数値が必要ですが「cheap」でした")
            .is_some()
    );
    h.get_by_label("閉じる").click();
    step_until(&mut h, |a| a.state.banner.is_none());
}

#[test]
fn a_zero_vector_shows_a_dash_and_an_explanation() {
    let dir = dataset(&[("items.csv", ITEMS), ("interactions.csv", INTERACTIONS)]);
    let mut h = harness(dir.path().to_path_buf());
    step_until(&mut h, loaded);
    h.get_by_label("Centre").click();
    step_until(&mut h, |a| a.state.comparison.is_some());
    assert!(
        h.query_by_label_contains("zero vector (length 0)")
            .is_some()
    );
    assert!(h.query_by_label("—").is_some(), "overlap shown as a dash");
}

/// Act on the map like a person: move to a point's screen position, then press and release.
fn click_at(h: &mut Harness<'_, Slot>, pos: egui::Pos2) {
    h.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.step();
}

fn map_pos(h: &Harness<'_, Slot>, point: usize) -> egui::Pos2 {
    embedscope::gui::map_ui::screen_pos(&h.ctx, &app(h).state, point).expect("the map was drawn")
}

#[test]
fn hovering_and_clicking_a_point_on_the_map() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    let c = item_point(app(&h), "c003");
    let pos = map_pos(&h, c);
    h.event(egui::Event::PointerMoved(pos));
    // Tooltips appear once the pointer rests (egui's tooltip delay), so let time pass.
    let mut shown = false;
    for _ in 0..120 {
        h.step();
        if h.query_by_label_contains("price (¥): 4390").is_some() {
            shown = true;
            break;
        }
    }
    assert!(shown, "the tooltip names the café with its raw values");
    click_at(&mut h, pos);
    step_until(&mut h, |a| a.state.selected == Some(item_point(a, "c003")));
    // A click on empty space (the plot's bottom-left margin) clears the selection.
    let frame = embedscope::gui::map_ui::plot_rect(&h.ctx).expect("the map was drawn");
    click_at(&mut h, frame.left_bottom() + egui::vec2(8.0, -8.0));
    step_until(&mut h, |a| a.state.selected.is_none());
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_folder_opens_it() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    let other = dataset(&[("items.csv", ITEMS), ("interactions.csv", INTERACTIONS)]);
    // Dropping a file inside the folder opens the folder.
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(other.path().join("items.csv"))));
    step_until(&mut h, |a| {
        loaded(a)
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| r.data.items.len() == 5)
    });
    assert!(h.query_by_label("Echo").is_some());
}

#[test]
fn a_user_gets_recommendations_and_switching_to_als_keeps_the_selection() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    h.state_mut()
        .as_mut()
        .unwrap()
        .push(Command::SetSearch("Haruto A".into()));
    step_until(&mut h, |a| a.state.search == "Haruto A");
    h.get_by_label("Haruto A.").click();
    step_until(&mut h, |a| a.state.recommendations.is_some());
    let a = app(&h);
    let recs = a.state.recommendations.as_ref().unwrap();
    assert_eq!(recs.len(), 10);
    let run = a.state.run.as_ref().unwrap();
    let user = run.data.users.find("u01").unwrap();
    let seen: Vec<u32> = run
        .data
        .interactions
        .iter()
        .filter(|i| i.user == user)
        .map(|i| i.item)
        .collect();
    assert!(
        recs.iter().all(|r| !seen.contains(&r.item)),
        "nothing the user already visited"
    );
    assert!(recs.windows(2).all(|w| w[0].score >= w[1].score));
    // The three scores' own top lists, their overlap on screen, and each item's rank under them.
    let lists = a.state.metric_lists.as_ref().expect("lists by metric");
    assert!(lists.lists.iter().all(|l| l.1.len() == 10));
    assert_eq!(
        lists.rank(embedscope::recommend::ScoreMetric::Cosine, recs[0].item),
        Some(0)
    );
    assert!(
        h.query_by_label_contains("Same items in each top 10")
            .is_some()
    );
    assert!(h.query_all_by_label_contains("cosine #1").next().is_some());
    assert!(
        recs.iter()
            .all(|r| r.because.iter().all(|b| seen.contains(&b.item))),
        "reasons are past visits"
    );
    // The funnel: catalogue → candidates (unseen items, at most 200) → 10 shown; with the default
    // weights stage 2 keeps the stage-1 order, and a popularity weight reorders it.
    let f = a.state.funnel.as_ref().unwrap();
    let distinct_seen = {
        let mut s = seen.clone();
        s.sort_unstable();
        s.dedup();
        s.len()
    };
    assert_eq!(
        (f.catalogue, f.seen, f.candidates, f.shown.len()),
        (147, distinct_seen, 147 - distinct_seen, 10)
    );
    assert!(f.shown.iter().enumerate().all(|(i, r)| r.stage1_rank == i));
    let w = embedscope::recommend::rerank::RerankWeights {
        popularity: 2.0,
        diversity: 0.3,
        ..Default::default()
    };
    h.state_mut().as_mut().unwrap().push(Command::SetRerank(w));
    step_until(&mut h, |a| a.state.settings.rerank == w);
    let f = app(&h).state.funnel.as_ref().unwrap();
    assert!(
        f.shown.iter().enumerate().any(|(i, r)| r.stage1_rank != i),
        "re-ranking moved something"
    );
    // The section sits below the neighbour lists: give the window room to show it.
    h.set_size(egui::vec2(1500.0, 1600.0));
    h.step();
    h.step();
    assert!(h.query_by_label("Recommended for this user").is_some());
    assert!(
        h.query_by_label_contains("Two-stage funnel: 147 items")
            .is_some()
    );

    h.get_by_label("ALS (collaborative)").click();
    step_until(&mut h, |a| {
        loaded(a)
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| r.embeddings.method == embedscope::embed::Method::Als)
    });
    let a = app(&h);
    let run = a.state.run.as_ref().unwrap();
    let selected = a.state.selected.map(|p| run.points[p]);
    assert_eq!(
        selected.map(|p| &run.data.users.ids[p.row as usize]),
        Some("u01"),
        "the selection carries over"
    );
    assert_eq!(run.embeddings.dim(), 32);
    assert_eq!(a.state.recommendations.as_ref().map(Vec::len), Some(10));
    // Switching back is instant (cached) and restores the feature map.
    h.get_by_label("numeric features").click();
    step_until(&mut h, |a| {
        a.state
            .run
            .as_ref()
            .is_some_and(|r| r.embeddings.method == embedscope::embed::Method::Features)
    });
    assert!(!app(&h).state.is_busy());
}

#[test]
fn the_evaluation_table_compares_methods_in_both_languages() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    h.get_by_label("Offline evaluation: which method works on this data?")
        .click();
    // The header opens with a short animation.
    for _ in 0..10 {
        h.step();
    }
    h.get_by_label("Evaluate").click();

    step_until(&mut h, |a| {
        a.state.eval.report.is_some() || a.state.eval.error.is_some()
    });
    let a = app(&h);
    assert!(a.state.eval.error.is_none(), "{:?}", a.state.eval.error);
    let (_, report) = a.state.eval.report.as_ref().unwrap();
    for m in ["als", "popularity", "random"] {
        assert!(report["methods"][m]["recall@10"].is_f64(), "{m}");
    }
    h.set_size(egui::vec2(1500.0, 1400.0));
    h.step();
    assert_eq!(
        h.query_all_by_label("ALS (collaborative)").count(),
        2,
        "the method switch and the table row"
    );
    assert!(h.query_by_label("recall vs popularity").is_some());
    h.get_by_label("日本語").click();
    step_until(&mut h, |a| a.state.lang() == Lang::Ja);
    assert!(h.query_by_label("人気順比の再現率").is_some());
    assert!(h.query_by_label("人気順").is_some());
}

/// The accesskit node of the slider whose label is `label` (the slider itself, not its text).
fn set_slider(h: &Harness<'_, Slot>, label: &str, value: f64) {
    let slider = h
        .query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Slider)
        .unwrap_or_else(|| panic!("no slider labelled {label}"));
    slider.set_value_accesskit(value);
}

#[test]
fn feature_weights_re_embed_the_cafes() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    let before = app(&h).state.run.as_ref().unwrap().embeddings.items.clone();
    h.get_by_label("feature weights…").click();
    h.run_steps(3);
    // A real press and release on the slider's rail, two thirds along (0–3 → 2.0).
    let rail = h
        .query_all_by_label("price (¥)")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Slider)
        .expect("a price slider")
        .rect();
    let handle = rail.height() / 2.0;
    let p = egui::pos2(
        rail.left() + handle + (rail.width() - 2.0 * handle) * 2.0 / 3.0,
        rail.center().y,
    );
    for pressed in [true, false] {
        h.input_mut().events.push(egui::Event::PointerMoved(p));
        h.input_mut().events.push(egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
        h.step();
    }
    step_until(&mut h, |a| {
        loaded(a)
            && !a.state.feature_weights.is_empty()
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| (r.embeddings.items[[0, 0]] - before[[0, 0]]).abs() > 1e-3)
    });
    let a = app(&h);
    assert_eq!(a.state.feature_weights.len(), 4);
    assert!(
        (a.state.feature_weights[0] - 2.0).abs() < 0.15,
        "{:?}",
        a.state.feature_weights
    );
    assert_eq!(a.state.feature_weights[1..], [1.0, 1.0, 1.0]);
    let w = a.state.feature_weights[0] as f32;
    let after = &a.state.run.as_ref().unwrap().embeddings.items;
    assert!((after[[0, 0]] - w * before[[0, 0]]).abs() < 1e-4);
    assert!(
        (after[[3, 1]] - before[[3, 1]]).abs() < 1e-6,
        "other columns unchanged"
    );
    // "all 1" goes back to the unweighted vectors.
    h.get_by_label("all 1").click();
    step_until(&mut h, |a| loaded(a) && a.state.feature_weights.is_empty());
    step_until(&mut h, |a| {
        a.state
            .run
            .as_ref()
            .is_some_and(|r| (r.embeddings.items[[0, 0]] - before[[0, 0]]).abs() < 1e-6)
    });
}

#[test]
fn the_hybrid_slider_re_embeds_with_the_new_weight() {
    use embedscope::embed::Method;
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    h.get_by_label("hybrid").click();
    step_until(&mut h, |a| {
        loaded(a) && a.state.run.as_ref().unwrap().embeddings.method == Method::Hybrid
    });
    let before = app(&h).state.run.as_ref().unwrap().embeddings.items.clone();
    set_slider(&h, "text weight", 0.9);
    step_until(&mut h, |a| {
        loaded(a)
            && (a.state.settings.hybrid_weight - 0.9).abs() < 1e-6
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| r.embeddings.items != before)
    });
    assert_eq!(
        app(&h).state.run.as_ref().unwrap().embeddings.method,
        Method::Hybrid
    );
}

#[test]
fn imported_vectors_are_offered_only_when_the_dataset_has_them() {
    use embedscope::embed::Method;
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    assert!(h.query_by_label("imported vectors").is_none());
    let vectors: &[u8] = b"id,v1,v2,v3\na,1,0,0\nb,0,1,0\nc,0,0,1\nd,1,1,0\ne,0,1,1\n";
    let other = dataset(&[
        ("items.csv", ITEMS),
        ("interactions.csv", INTERACTIONS),
        ("item_vectors.csv", vectors),
    ]);
    h.state_mut()
        .as_mut()
        .unwrap()
        .push(Command::Open(other.path().to_path_buf()));
    step_until(&mut h, |a| {
        loaded(a)
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| r.data.items.len() == 5)
    });
    h.get_by_label("imported vectors").click();
    step_until(&mut h, |a| {
        loaded(a) && a.state.run.as_ref().unwrap().embeddings.method == Method::Imported
    });
    let run = app(&h).state.run.as_ref().unwrap().clone();
    assert_eq!(run.embeddings.dim(), 3);
    assert!((run.embeddings.items[[3, 0]] - 1.0).abs() < f32::EPSILON);
}

#[test]
fn a_movielens_folder_opens_with_als_and_no_feature_method() {
    use embedscope::embed::Method;
    let ml = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/movielens/ml-100k");
    let mut h = harness(ml);
    step_until(&mut h, loaded);
    let a = app(&h);
    assert_eq!(a.state.run.as_ref().unwrap().embeddings.method, Method::Als);
    assert!(h.query_by_label("Misérables, Les (1995)").is_some());
    assert!(h.query_by_label("numeric features").is_none());
    assert!(h.query_by_label("ALS (collaborative)").is_some());
}

#[test]
fn the_map_switches_pca_axes_runs_t_sne_and_scores_itself() {
    use embedscope::gui::projection::Layout;
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    // The honesty scores of the PCA map arrive from the worker.
    step_until(&mut h, |a| a.state.projection.quality.is_some());
    let q = app(&h).state.projection.quality.clone().unwrap();
    assert!(q.trustworthiness > 0.5 && q.trustworthiness <= 1.0);
    assert!(h.query_by_label_contains("How much the map lies").is_some());
    // Components 3 and 2 instead of 1 and 2.
    let before = app(&h).state.map.as_ref().unwrap().xy[0];
    h.state_mut().as_mut().unwrap().push(Command::ShowPca(2, 1));
    step_until(&mut h, |a| {
        a.state.projection.layout == Layout::Pca { x: 2, y: 1 }
    });
    let after = app(&h).state.map.as_ref().unwrap().xy[0];
    assert!((after[1] - before[1]).abs() < 1e-6, "PC2 stays on Y");
    assert!((after[0] - before[0]).abs() > 1e-6, "PC3 replaces PC1 on X");
    // The X axis picker now shows PC3.
    let x_axis = h.get_by_label("X");
    assert!(
        x_axis.value().is_some_and(|v| v.starts_with("PC3")),
        "{:?}",
        x_axis.value()
    );
    // t-SNE by clicking its button; it streams, finishes and is scored.
    h.get_by_label("t-SNE").click();
    step_until(&mut h, |a| {
        a.state.projection.tsne.is_some() && !a.state.projection.running()
    });
    let a = app(&h);
    assert_eq!(a.state.projection.layout, Layout::Tsne);
    assert_eq!(
        a.state.projection.tsne.as_ref().unwrap().out.xy.nrows(),
        a.state.run.as_ref().unwrap().points.len()
    );
    step_until(&mut h, |a| a.state.projection.quality.is_some());
    // The next run's options: a fixed learning rate and a random start.
    assert_eq!(app(&h).state.projection.learning_rate, None);
    h.get_by_label("learning rate: auto").click();
    h.run_steps(2);
    h.get_by_label("start from PCA").click();
    h.run_steps(2);
    let p = &app(&h).state.projection;
    assert_eq!(p.learning_rate, Some(200.0));
    assert!(!p.pca_init);
    assert!(h.query_by_label("learning rate").is_some());
    // Colour by neighbours kept.
    h.get_by_label("colour by neighbours kept").click();
    step_until(&mut h, |a| {
        a.state.map_view.color_by == embedscope::gui::map_colors::ColorBy::Quality
    });
    assert!(
        h.query_all_by_label_contains("kept 80–100%")
            .next()
            .is_some()
    );
    // Back to PCA keeps the t-SNE result for later.
    h.get_by_label("PCA").click();
    step_until(&mut h, |a| {
        matches!(a.state.projection.layout, Layout::Pca { .. })
    });
    assert!(app(&h).state.projection.tsne.is_some());
}
