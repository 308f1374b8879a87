//! Workshop screens, the layout side: presenter mode on a 1920 × 1080 projector leaves the map
//! most of the screen with nothing cut at the panels' edges; hiding a legend entry also hides
//! its points in the density view; t-SNE and UMAP of ALS show users and items on one scale; the
//! export panel opens by itself without a file dialog; the audit's "Re-run" stays in view on a
//! 1280 × 720 window.

pub mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use common::kittest::{Setup, Slot, app, loaded, push, step_until};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::data::{Kind, PointRef};
use embedscope::embed::Method;
use embedscope::gui::App;
use embedscope::gui::map_scale::spread;
use embedscope::gui::presenter::ZOOM;
use embedscope::gui::state::{Banner, Command, ExportKind};

fn is_als(a: &App) -> bool {
    loaded(a)
        && a.state
            .run
            .as_ref()
            .is_some_and(|r| r.embeddings.method == Method::Als)
}

fn user_point(a: &App, id: &str) -> usize {
    let run = a.state.run.as_ref().expect("loaded");
    let row = run.data.users.find(id).expect("a sample user");
    run.point_of(PointRef {
        kind: Kind::User,
        row,
    })
    .expect("on the map")
}

/// Every labelled node right of `left` ends inside the window `w` points wide and `h` high.
fn nothing_cut_right_of(h: &Harness<'_, Slot>, left: f32, w: f32, hh: f32) {
    let cut: Vec<String> = h
        .query_all_by(|n| n.label().is_some_and(|l| !l.is_empty()))
        .filter(|n| n.rect().min.x >= left && n.rect().min.y < hh)
        .filter(|n| n.rect().max.x > w + 0.5)
        .map(|n| format!("{:?} {:?}", n.accesskit_node().label(), n.rect()))
        .collect();
    assert!(cut.is_empty(), "cut at the right edge: {cut:#?}");
}

/// All ten recommendations and their top two reasons in the right panel (right of `left`),
/// above the evaluation bar, without scrolling (reasons in presenter mode's compact words when
/// `compact`).
fn ten_recommendations_in_view(h: &Harness<'_, Slot>, left: f32, w: f32, ja: bool, compact: bool) {
    let bar = if ja {
        "オフライン評価"
    } else {
        "Offline evaluation: which method works on this data?"
    };
    let bottom = h.get_by_label_contains(bar).rect().min.y;
    let a = app(h);
    let run = a.state.run.as_ref().expect("loaded");
    let recs = a.state.recommendations.clone().expect("a user is selected");
    assert_eq!(recs.len(), 10);
    let mut labels: Vec<String> = Vec::new();
    for r in &recs {
        labels.push(run.data.items.name(r.item as usize, ja).to_owned());
        for b in r.because.iter().take(2) {
            let item = run.data.items.name(b.item as usize, ja);
            let pct = format!("{:.0}", b.share * 100.0);
            labels.push(if ja && compact {
                format!("{item} {pct}%")
            } else if ja {
                format!("「{item}」{pct} %")
            } else {
                format!("{pct} % {item}")
            });
        }
    }
    for text in &labels {
        let node = h
            .query_all_by_label(text)
            .find(|n| n.rect().min.x >= left)
            .unwrap_or_else(|| panic!("{text} not in the right panel"));
        let r = node.rect();
        assert!(
            r.max.y <= bottom + 0.5 && r.max.x <= w + 0.5,
            "{text} at {r:?}, bottom {bottom}"
        );
    }
}

#[test]
fn presenter_mode_on_a_1920_by_1080_projector_leaves_the_map_most_of_the_screen() {
    // The harness's size is in pixels at a native scale of 1: presenter mode's zoom leaves
    // 1920 / 1.4 points of them.
    let (w, hh) = (1920.0 / ZOOM, 1080.0 / ZOOM);
    let mut h = Setup::new(sample("cafes")).size(1920.0, 1080.0).build();
    step_until(&mut h, loaded);
    h.get_by_label("Presenter mode").click();
    h.run_steps(4);
    assert!(app(&h).state.settings.presenter);
    let u01 = user_point(app(&h), "u01");
    push(&mut h, Command::Select(Some(u01)));
    step_until(&mut h, |a| {
        a.state.recommendations.is_some() && a.state.projection.quality.is_some()
    });
    h.run_steps(4);
    let plot = embedscope::gui::map_ui::plot_rect(&h.ctx).expect("map drawn");
    let side = h.get_by_label("Nearest neighbours").rect();
    assert!(
        plot.width() >= 0.45 * w,
        "the map is {:.0} of {w:.0} points wide",
        plot.width()
    );
    assert!(side.min.x >= 0.55 * w, "the right panel starts at {side:?}");
    // The smallest texts: the honesty line under the map's controls, and the reasons.
    let honesty = h.get_by_label_contains("How much the map lies").rect();
    assert!(honesty.max.x <= side.min.x, "honesty line {honesty:?}");
    ten_recommendations_in_view(&h, side.min.x - 12.0, w, false, true);
    nothing_cut_right_of(&h, side.min.x - 12.0, w, hh);
    h.get_by_label("日本語").click();
    h.run_steps(4);
    ten_recommendations_in_view(&h, side.min.x - 12.0, w, true, true);
    // The top bar's rows wrap in Japanese too: no button past the right edge.
    nothing_cut_right_of(&h, 0.0, w, 140.0);
    h.get_by_label("English").click();
    h.run_steps(4);
    // The neighbours tab: the vector card's explanation and the two lists.
    h.get_by_label("Neighbours").click();
    h.run_steps(4);
    let side = h.get_by_label("Nearest neighbours").rect();
    let plot = embedscope::gui::map_ui::plot_rect(&h.ctx).expect("map drawn");
    assert!(plot.width() >= 0.45 * w, "map {plot:?} beside the lists");
    let note = h
        .get_by_label_contains("Euclidean distance counts both")
        .rect();
    assert!(
        note.min.x >= side.min.x - 12.0 && note.max.x <= w + 0.5,
        "{note:?}"
    );
    nothing_cut_right_of(&h, side.min.x - 12.0, w, hh);
    // The evaluation table under the map and the panels: its last header is on screen.
    h.get_by_label("Offline evaluation: which method works on this data?")
        .click();
    h.run_steps(2);
    push(&mut h, Command::RunEval);
    step_until(&mut h, |a| {
        a.state.eval.report.is_some() && a.state.eval.job.is_none()
    });
    h.run_steps(3);
    for header in ["method", "fit (s)", "recall vs popularity"] {
        let r = h.get_by_label(header).rect();
        assert!(
            r.min.x >= 0.0 && r.max.x <= w + 0.5 && r.max.y <= hh + 0.5,
            "{header} {r:?}"
        );
    }
}

#[test]
fn at_1600_by_1000_the_ten_recommendations_and_how_they_are_ranked_are_in_view() {
    let (w, hh) = (1600.0, 1000.0);
    let mut h = Setup::new(sample("cafes")).size(w, hh).build();
    step_until(&mut h, loaded);
    let u01 = user_point(app(&h), "u01");
    push(&mut h, Command::Select(Some(u01)));
    step_until(&mut h, |a| {
        a.state.recommendations.is_some() && a.state.projection.quality.is_some()
    });
    h.run_steps(4);
    let side = h.get_by_label("Nearest neighbours").rect();
    ten_recommendations_in_view(&h, side.min.x - 12.0, w, false, false);
    // There is room for the scoring details too: they are open, with what the ranks mean.
    assert!(
        h.query_by_label_contains("score by").is_some(),
        "scoring details folded"
    );
    nothing_cut_right_of(&h, side.min.x - 12.0, w, hh);
    h.get_by_label("日本語").click();
    h.run_steps(4);
    ten_recommendations_in_view(&h, side.min.x - 12.0, w, true, false);
    nothing_cut_right_of(&h, side.min.x - 12.0, w, hh);
}

#[test]
fn hiding_a_legend_entry_hides_its_points_in_the_density_view() {
    // 21,000 items: more than the map draws one by one, so it shows the density image.
    let mut csv = String::from("id,title,category,x,y\n");
    for i in 0..21_000_u32 {
        let (cat, x) = if i % 3 == 0 { ("a", 0.0) } else { ("b", 5.0) };
        let y = f64::from(i % 97) / 10.0;
        writeln!(
            csv,
            "i{i},Item {i},{cat},{},{y}",
            x + f64::from(i % 13) / 7.0
        )
        .expect("writing to a String");
    }
    let dir = common::dataset(&[("items.csv", csv.as_bytes())]);
    let mut h = Setup::new(dir.path().to_path_buf())
        .size(1500.0, 950.0)
        .build();
    step_until(&mut h, loaded);
    h.run_steps(3);
    let all = embedscope::gui::map_density::cached_points(&h.ctx);
    assert_eq!(all, Some(21_000), "drawn as a density image");
    h.get_by_label("a").click();
    h.run_steps(3);
    let shown = embedscope::gui::map_density::cached_points(&h.ctx);
    assert_eq!(
        shown,
        Some(14_000),
        "the 7,000 points of group a are hidden"
    );
    h.get_by_label("a").click();
    h.run_steps(3);
    assert_eq!(
        embedscope::gui::map_density::cached_points(&h.ctx),
        Some(21_000)
    );
}

fn ratio(a: &App) -> f64 {
    let run = a.state.run.as_ref().expect("a run on screen");
    let map = a.state.map.as_ref().expect("a map on screen");
    spread(run, &map.xy, Kind::Item) / spread(run, &map.xy, Kind::User)
}

#[test]
fn tsne_and_umap_of_als_show_items_beside_the_users_with_the_raw_option_kept() {
    let mut h = Setup::new(sample("cafes")).size(1600.0, 1000.0).build();
    step_until(&mut h, loaded);
    h.get_by_label("ALS (collaborative)").click();
    step_until(&mut h, is_als);
    push(&mut h, Command::SetTsneParams(30.0, 500));
    push(&mut h, Command::RunTsne);
    step_until(&mut h, |a| {
        a.state.projection.tsne.is_some() && !a.state.projection.running()
    });
    h.run_steps(2);
    let scaled = ratio(app(&h));
    assert!(app(&h).state.projection.scaled);
    assert!(app(&h).state.projection.tsne.as_ref().unwrap().scaled);
    assert!(
        scaled >= 0.25,
        "t-SNE: items' spread {scaled:.3} of the users'"
    );
    h.get_by_label_contains("Display only: users and items each scaled");
    // The raw lengths: t-SNE runs again on the raw vectors and says so.
    h.get_by_label("raw lengths").click();
    h.run_steps(2);
    step_until(&mut h, |a| {
        a.state.projection.tsne.as_ref().is_some_and(|t| !t.scaled) && !a.state.projection.running()
    });
    h.run_steps(2);
    let raw = ratio(app(&h));
    eprintln!("t-SNE items' spread / users': scaled {scaled:.3}, raw {raw:.3}");
    assert!(!app(&h).state.projection.scaled);
    assert!(raw < scaled, "raw {raw:.3} vs scaled {scaled:.3}");
    h.get_by_label_contains("Raw lengths: users' vectors are");
    // UMAP in the per-kind scale too.
    h.get_by_label("users and items on one scale").click();
    h.run_steps(2);
    push(&mut h, Command::RunUmap);
    step_until(&mut h, |a| {
        a.state.projection.umap.result.is_some() && !a.state.projection.umap.running()
    });
    h.run_steps(2);
    let umap = ratio(app(&h));
    eprintln!("UMAP items' spread / users': {umap:.3}");
    assert!(
        app(&h)
            .state
            .projection
            .umap
            .result
            .as_ref()
            .unwrap()
            .scaled
    );
    assert!(umap >= 0.25, "UMAP: items' spread {umap:.3} of the users'");
}

#[test]
fn the_export_panel_opens_by_itself_when_no_file_dialog_answers() {
    let mut h = Setup::new(sample("cafes")).size(1600.0, 1000.0).build();
    step_until(&mut h, loaded);
    assert!(app(&h).state.export_panel.kind.is_none());
    // Under test there is no desktop portal or display: the save dialog answers nothing.
    push(&mut h, Command::Export(ExportKind::CoordinatesCsv, None));
    h.run_steps(1);
    step_until(&mut h, |a| a.state.exporting.is_none());
    h.run_steps(3);
    let a = app(&h);
    assert_eq!(a.state.export_panel.kind, Some(ExportKind::CoordinatesCsv));
    assert!(
        std::path::Path::new(&a.state.export_panel.path)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv")),
        "{}",
        a.state.export_panel.path
    );
    assert!(matches!(a.state.banner, Some(Banner::Info(_))));
    // The panel is docked under the map with its typed path and its Write button.
    let plot = embedscope::gui::map_ui::plot_rect(&h.ctx).expect("map drawn");
    let write = h.get_by_label("Write").rect();
    assert!(
        write.min.y >= plot.max.y && write.max.y <= 1000.0,
        "{write:?}"
    );
}

#[test]
fn the_audit_rerun_button_stays_in_view_on_a_1280_by_720_window() {
    let (w, hh) = (1280.0, 720.0);
    let mut h = Setup::new(sample("streaming")).size(w, hh).build();
    step_until(&mut h, loaded);
    // The audit and the comparison open together, as a workshop would have them.
    push(&mut h, Command::ShowAudit(true));
    push(&mut h, Command::ShowCompare(true));
    step_until(&mut h, |a| a.state.audit.report.is_some());
    push(
        &mut h,
        Command::SetAuditExcluded(BTreeSet::from(["duplicate_items".to_owned()])),
    );
    h.run_steps(4);
    let compare = h.get_by_label_contains("Comparing two runs").rect();
    let plot = embedscope::gui::map_ui::plot_rect(&h.ctx).expect("map drawn");
    let eval = h
        .get_by_label("Offline evaluation: which method works on this data?")
        .rect();
    let button = h.get_by_label("Re-run without excluded rows");
    let r = button.rect();
    // Inside the docked panel: under the map, above the evaluation bar, within the window.
    assert!(
        r.min.y >= plot.max.y && r.max.y <= eval.min.y && r.max.x <= w && r.min.x >= 0.0,
        "button {r:?}, map {plot:?}, evaluation bar {eval:?}"
    );
    assert!(
        !r.intersects(compare),
        "the button {r:?} is drawn over the comparison {compare:?}"
    );
    button.click();
    step_until(&mut h, |a| a.state.excluded_run && loaded(a));
    assert!(matches!(app(&h).state.banner, Some(Banner::Cleaned { .. })));
}

#[test]
fn the_trade_off_table_fits_presenter_mode_on_a_1920_by_1080_projector_in_japanese() {
    // Japanese: the longer headers (上位10件で見つかった割合) cut the last column there.
    let w = 1920.0 / ZOOM;
    let mut h = Setup::new(sample("cafes"))
        .lang(embedscope::gui::i18n::Lang::Ja)
        .size(1920.0, 1080.0)
        .build();
    step_until(&mut h, loaded);
    h.get_by_label("発表モード").click();
    h.run_steps(3);
    h.get_by_label("学ぶ").click();
    h.run_steps(3);
    h.get_by_label("5 トレードオフ").click();
    h.run_steps(3);
    h.get_by_label("測定する").click();
    h.run_steps(2);
    let root = sample("cafes");
    step_until(&mut h, |a| a.learn.tradeoff.table_for(&root).is_some());
    h.run_steps(4);
    for header in ["設定", "上位10件で見つかった割合", "順位の質", "厳密と一致"]
    {
        let r = h.get_by_label(header).rect();
        assert!(r.min.x >= 0.0 && r.max.x <= w + 0.5, "{header} cut: {r:?}");
    }
}
