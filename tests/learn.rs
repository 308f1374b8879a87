//! The Learn tab with `egui_kittest` (no window, no GPU), on the cafés: each step's main
//! interaction through the UI — drag a slider, press a button, pick from a drop-down — and the
//! numbers on screen checked against values computed here by hand from the run.

pub mod common;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use common::kittest::{Setup, Slot, app, loaded, step_until};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::data::{Kind, PointRef};
use embedscope::gui::App;
use embedscope::gui::i18n::Lang;
use embedscope::gui::learn::Step;
use embedscope::gui::state::{Settings, Tab};
use embedscope::index::metric::{angle_degrees, cosine, euclidean};
use embedscope::pipeline::RunOutput;

fn run(h: &Harness<'_, Slot>) -> Arc<RunOutput> {
    Arc::clone(app(h).state.run.as_ref().expect("loaded"))
}

/// Load the cafés and open the Learn tab by clicking it.
fn open_learn(lang: Lang, tab_label: &str) -> Harness<'static, Slot> {
    let mut h = Setup::new(sample("cafes"))
        .lang(lang)
        .size(1500.0, 1700.0)
        .build();
    step_until(&mut h, loaded);
    h.get_by_label(tab_label).click();
    step_until(&mut h, |a| a.state.tab == Tab::Learn);
    // The tab opens on step 0, the goal (tests/freshness_ui.rs); these tests start at step 1.
    assert_eq!(app(&h).learn.step, Step::Goal);
    to_step_1(&mut h);
    h
}

/// From step 0 (the goal) to step 1, as the Next button does.
fn to_step_1(h: &mut Harness<'_, Slot>) {
    h.state_mut().as_mut().expect("app").learn.step = Step::Vector;
    h.run_steps(2);
}

fn item(run: &RunOutput, id: &str) -> usize {
    run.data.items.find(id).expect("known id") as usize
}

fn vector(run: &RunOutput, point: usize) -> Vec<f32> {
    run.index.row(point).to_vec()
}

/// Open the drop-down labelled `label` and click the entry `entry`.
fn pick(h: &mut Harness<'_, Slot>, label: &str, entry: &str) {
    h.query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::ComboBox)
        .unwrap_or_else(|| panic!("no drop-down labelled {label}"))
        .click();
    h.run_steps(3);
    h.get_by_label(entry).click();
    h.run_steps(2);
}

#[test]
fn step_1_a_price_slider_moves_the_edited_copy_on_the_map() {
    let mut h = open_learn(Lang::En, "Learn");
    assert!(h.query_by_label("A thing as numbers").is_some());
    let run = run(&h);
    let c001 = item(&run, "c001");
    let learn = &app(&h).learn;
    assert_eq!(learn.step, Step::Vector);
    assert_eq!(learn.vector.item as usize, c001);
    let out = learn.vector.last_outcome().expect("computed");
    assert_eq!(
        out.origin, out.ghost,
        "unedited: the copy sits on the original"
    );

    // Drag the price slider to ¥6000 (through accesskit, as a screen reader would).
    h.query_all_by_label("price (¥)")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Slider)
        .expect("a price slider")
        .set_value_accesskit(6000.0);
    h.run_steps(2);
    let learn = &app(&h).learn;
    assert!((learn.vector.values[0] - 6000.0).abs() < 1e-9);
    // By hand: z = (6000 − mean) / population sd of the price column.
    let prices = run.data.items.features.values.column(0).to_owned();
    let mean = prices.mean().unwrap();
    let sd = (prices.mapv(|p| (p - mean).powi(2)).sum() / prices.len() as f64).sqrt();
    let out = learn.vector.last_outcome().unwrap();
    assert!((f64::from(out.vector[0]) - (6000.0 - mean) / sd).abs() < 1e-4);
    assert!(
        (out.vector[1..] == vector(&run, c001)[1..]),
        "other features kept"
    );
    let (from, to) = (out.origin.unwrap(), out.ghost.unwrap());
    assert!(
        (to[0] - from[0]).hypot(to[1] - from[1]) > 0.5,
        "the copy moved"
    );
    // The card shows the raw value and the neighbours of the copy (the original left out).
    assert!(h.query_by_label("6000").is_some());
    let lists = out.lists.as_ref().unwrap();
    assert!(lists.euclidean.iter().all(|n| n.row as usize != c001));
    assert!(h.query_by_label_contains("The copy moved").is_some());

    // Reset puts the copy back.
    h.get_by_label("Reset").click();
    h.run_steps(2);
    let out = app(&h).learn.vector.last_outcome().unwrap();
    assert_eq!(out.origin, out.ghost);

    // Another café from the drop-down.
    pick(&mut h, "Item", "Komorebi Reserve  ·  c003");
    assert_eq!(app(&h).learn.vector.item as usize, item(&run, "c003"));
    assert!((app(&h).learn.vector.values[0] - 4390.0).abs() < 1e-9);
}

#[test]
fn step_2_shows_the_angle_and_doubling_keeps_the_direction_only_for_the_whole_arrow() {
    let mut h = open_learn(Lang::En, "Learn");
    h.get_by_label("Next →").click();
    step_until(&mut h, |a| a.learn.step == Step::Direction);
    let run = run(&h);
    let (c001, c003) = (item(&run, "c001"), item(&run, "c003"));
    let (a, b) = (vector(&run, c001), vector(&run, c003));
    let angle = angle_degrees(&a, &b).unwrap();
    let cos = cosine(&a, &b).unwrap();
    assert!(
        angle < 2.0,
        "c003 is built as a scaled copy of c001: {angle}"
    );
    let shown = format!("Angle between the arrows: {angle:.1}° · cosine similarity: {cos:.3}");
    assert!(h.query_by_label(&shown).is_some(), "{shown}");
    let d = euclidean(&a, &b);
    assert!(
        h.query_by_label(&format!("Euclidean distance between the tips: {d:.3}"))
            .is_some()
    );

    // Doubling one feature (the price) turns the arrow: cosine changes too.
    h.get_by_label("Double the price (¥) of Komorebi Reserve")
        .click();
    h.run_steps(2);
    let out = app(&h).learn.direction.last_outcome().unwrap().clone();
    let mut raw = run.data.items.features.values.row(c003).to_vec();
    raw[0] *= 2.0;
    let copy = embedscope::pipeline::whatif::vector_from_raw(&run.embeddings, &raw).unwrap();
    assert!((out.after.distance - euclidean(&a, &copy)).abs() < 1e-5);
    assert!((out.after.cosine.unwrap() - cosine(&a, &copy).unwrap()).abs() < 1e-6);
    assert!((out.after.cosine.unwrap() - cos).abs() > 1e-3);
    assert!(h.query_by_label("price (¥): 4390 → 8780").is_some());
    assert!(h.query_by_label_contains("turns the arrow").is_some());

    // Reset, then scale the whole arrow ×2: same cosine, new distance.
    h.get_by_label("Reset").click();
    h.run_steps(2);
    h.get_by_label("Make the whole arrow of Komorebi Reserve twice as long")
        .click();
    h.run_steps(2);
    let out = app(&h).learn.direction.last_outcome().unwrap().clone();
    let twice: Vec<f32> = b.iter().map(|x| 2.0 * x).collect();
    assert!((out.after.cosine.unwrap() - cos).abs() < 1e-6);
    assert!((out.after.distance - euclidean(&a, &twice)).abs() < 1e-5);
    assert!((out.after.distance - d).abs() > 0.1);
    assert!(
        h.query_by_label_contains("The direction did not change")
            .is_some()
    );
    // Komorebi Reserve stays Komorebi's most similar item by direction, but not by distance.
    let nearer = (0..run.data.items.len())
        .filter(|&p| p != c001 && p != c003)
        .filter(|&p| euclidean(&a, &vector(&run, p)) < out.after.distance)
        .count();
    let ranks = format!(
        "#{} → {} nearest to Café Komorebi by distance and #1 by direction",
        out.ranks[0][0].unwrap(),
        nearer + 1
    );
    assert!(h.query_by_label_contains(&ranks).is_some(), "{ranks}");
    let lists = out.lists.as_ref().unwrap();
    assert_eq!(lists.cosine.as_ref().unwrap()[0].row as usize, c003);
}

#[test]
fn step_3_solves_the_analogy_and_draws_a_parallelogram() {
    let mut h = open_learn(Lang::En, "Learn");
    h.get_by_label("3 Vector arithmetic").click();
    step_until(&mut h, |a| a.learn.step == Step::Arithmetic);
    let run = run(&h);
    let [a, b, c] = ["c022", "c010", "c099"].map(|id| item(&run, id));
    let out = app(&h).learn.analogy.last_outcome().unwrap().clone();
    let answer = out.answer.as_ref().unwrap();
    let by_hand: Vec<f32> = (0..run.index.dim())
        .map(|j| run.index.row(a)[j] - run.index.row(b)[j] + run.index.row(c)[j])
        .collect();
    assert!(
        answer
            .target
            .iter()
            .zip(&by_hand)
            .all(|(x, y)| (x - y).abs() < 1e-6)
    );
    assert_eq!(answer.euclidean[0].row as usize, item(&run, "c131"));
    assert!(
        h.query_by_label("≈ Yakiniku Minato by distance · Yakiniku Minato by direction")
            .is_some()
    );
    assert!(
        h.query_by_label("Ramen Umi − Café Yuki + Bistro Minato ≈ ?")
            .is_some()
    );
    // On the map, C → ? is the arrow B → A.
    let [pa, pb, pc, pt] = out.xy.map(Option::unwrap);
    for k in 0..2 {
        assert!(((pt[k] - pc[k]) - (pa[k] - pb[k])).abs() < 1e-4);
    }

    // Pick another C: the answer is recomputed.
    pick(&mut h, "+ C", "Café Komorebi  ·  c001");
    let c001 = item(&run, "c001");
    assert_eq!(app(&h).learn.analogy.c as usize, c001);
    let answer = app(&h)
        .learn
        .analogy
        .last_outcome()
        .unwrap()
        .answer
        .clone()
        .unwrap();
    assert!(
        answer
            .euclidean
            .iter()
            .all(|n| ![a, b, c001].contains(&(n.row as usize)))
    );
    let expected = run.index.row(a)[0] - run.index.row(b)[0] + run.index.row(c001)[0];
    assert!((answer.target[0] - expected).abs() < 1e-6);
}

#[test]
fn step_4_a_user_is_the_mean_of_what_they_liked_and_gets_the_funnel() {
    let mut h = open_learn(Lang::En, "Learn");
    h.get_by_label("4 Recommending").click();
    let run = run(&h);
    let user_point = |id: &str| {
        run.point_of(PointRef {
            kind: Kind::User,
            row: run.data.users.find(id).unwrap(),
        })
        .unwrap()
    };
    // The first user is selected app-wide, so the funnel is theirs.
    step_until(&mut h, |a| {
        a.state.selected == Some(user_point("u01")) && a.state.funnel.is_some()
    });
    h.run_steps(2);
    assert!(
        h.query_by_label("This mean is exactly the user's point on the map.")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Two-stage funnel: 147 items")
            .is_some()
    );
    assert!(
        h.query_by_label("What Haruto A. liked (weight = summed rating)")
            .is_some()
    );
    // By hand: the rating-weighted mean of u01's items.
    let u01 = run.data.users.find("u01").unwrap();
    let (mut sum, mut total) = (vec![0.0_f32; run.index.dim()], 0.0_f32);
    for it in run.data.interactions.iter().filter(|i| i.user == u01) {
        total += it.rating;
        for (s, x) in sum.iter_mut().zip(run.index.row(it.item as usize)) {
            *s += it.rating * x;
        }
    }
    let out = app(&h).learn.recommend.last_outcome().unwrap().clone();
    let mean = out.mean.unwrap();
    assert!(
        mean.iter()
            .zip(&sum)
            .all(|(m, s)| (m - s / total).abs() < 1e-4)
    );

    // Another user from the drop-down: the selection and the funnel follow.
    pick(&mut h, "User", "Yui A.  ·  u02");
    step_until(&mut h, |a| a.state.selected == Some(user_point("u02")));
    let a = app(&h);
    let u02 = run.data.users.find("u02").unwrap();
    assert_eq!(
        a.state.funnel.as_ref().unwrap().seen,
        run.stats.seen(u02).len()
    );
    // Next goes on to step 5, the trade-off panel, with nothing measured yet (measuring is
    // tested on the streaming sample in tests/learn_tradeoff.rs).
    h.get_by_label("Next →").click();
    step_until(&mut h, |a| a.learn.step == Step::TradeOffs);
    assert!(h.query_by_label("Measure").is_some());
    assert!(
        h.query_by_label(
            "Nothing measured yet: choose dimensions and indexes, then press Measure."
        )
        .is_some()
    );
}

#[test]
fn the_steps_work_in_japanese() {
    let mut h = open_learn(Lang::Ja, "学ぶ");
    assert!(h.query_by_label("モノを数字で表す").is_some());
    assert!(
        h.query_all_by_label("値段（円）").next().is_some(),
        "the features' Japanese labels"
    );
    h.get_by_label("次へ →").click();
    step_until(&mut h, |a| a.learn.step == Step::Direction);
    let run = run(&h);
    let (a, b) = (
        vector(&run, item(&run, "c001")),
        vector(&run, item(&run, "c003")),
    );
    let angle = angle_degrees(&a, &b).unwrap();
    let cos = cosine(&a, &b).unwrap();
    assert!(
        h.query_by_label(&format!(
            "矢印のなす角：{angle:.1}° · コサイン類似度：{cos:.3}"
        ))
        .is_some()
    );
    h.get_by_label("こもれび リザーブの矢印全体を2倍の長さにする")
        .click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("向きは変わらず").is_some());
    h.get_by_label("3 ベクトルの足し算・引き算").click();
    step_until(&mut h, |a| a.learn.step == Step::Arithmetic);
    assert!(
        h.query_by_label("≈ 距離では 焼肉 港 ・ 向きでは 焼肉 港")
            .is_some()
    );
    // Back to the map.
    h.get_by_label("地図").click();
    step_until(&mut h, |a| a.state.tab == Tab::Map);
    assert!(h.query_by_label("近傍（似ているもの）").is_some());
}

#[test]
fn every_step_draws_on_a_tiny_dataset_with_a_zero_vector() {
    let dir = common::dataset(&[
        ("items.csv", common::ITEMS),
        ("interactions.csv", common::INTERACTIONS),
    ]);
    let settings = Settings {
        lang: Some(Lang::En),
        ..Settings::default()
    };
    let root = dir.path().to_path_buf();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 1700.0))
        .with_context_setup(|ctx| {
            let _cjk_missing = embedscope::gui::fonts::install(ctx, Some("ja"));
        })
        .build_ui_state(
            move |ui, slot: &mut Slot| {
                let app = slot.get_or_insert_with(|| {
                    App::new(
                        ui.ctx(),
                        settings.clone(),
                        root.clone(),
                        Arc::new(AtomicBool::new(false)),
                    )
                });
                app.update(ui);
            },
            None,
        );
    step_until(&mut h, loaded);
    h.get_by_label("Learn").click();
    step_until(&mut h, |a| a.state.tab == Tab::Learn);
    to_step_1(&mut h);
    // Step 2 with the item that sits exactly at the mean: no direction, so no angle.
    h.get_by_label("Next →").click();
    h.run_steps(2);
    pick(&mut h, "Second", "Centre  ·  c");
    let out = app(&h).learn.direction.last_outcome().unwrap().clone();
    assert!(out.after.cosine.is_none());
    assert!(
        h.query_by_label("Angle between the arrows: —° · cosine similarity: —")
            .is_some()
    );
    // Steps 3 to 5 draw with their fallback picks (rows 0, 1, 2; the first user with a vector).
    for step in [Step::Arithmetic, Step::Recommend, Step::TradeOffs] {
        h.get_by_label("Next →").click();
        step_until(&mut h, |a| a.learn.step == step);
    }
    let a = app(&h);
    assert_eq!(
        [a.learn.analogy.a, a.learn.analogy.b, a.learn.analogy.c],
        [0, 1, 2]
    );
    let run = run(&h);
    assert_eq!(
        a.learn.recommend.user,
        run.data.users.find("u1"),
        "u1 is the first user"
    );
}
