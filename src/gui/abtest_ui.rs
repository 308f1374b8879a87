//! The A/B test planner and results reader ([`crate::eval::abtest`]): the step from offline
//! metrics to a launch decision. The planner turns a baseline rate and the smallest uplift worth
//! detecting into users per arm and days, with a chart of days against uplift and a table of
//! days against the share of traffic; the reader turns visitors and conversions per arm into
//! the lift, its interval, the p-value and a verdict in words, held against the plan above.
//!
//! Every number is recomputed as the inputs change: a plan is a few microseconds (the chart's
//! curve, 60 plans, well under a millisecond), so nothing goes to the worker. The panel owns its
//! inputs ([`AbTestView`]); it is drawn in the Learn tab's last step (opened from the evaluation
//! panel too).

use egui::{Color32, DragValue, RichText};
use egui_plot::{Line, MarkerShape, Plot, Points};

use super::i18n::{Key, Lang, abtest_error_message, fill, pct, signed_pct, tr, verdict_sentence};
use super::legend_row::{Swatch, legend_row_ui};
use crate::eval::abtest::plan::{SHARES, curve, share_effect, uplifts_around};
use crate::eval::abtest::{
    AbTestError, ArmCounts, CurvePoint, Plan, PlanParams, ReadParams, Reading, plan, read,
    thousands,
};

/// Points on the days-against-uplift chart.
const CURVE_POINTS: usize = 60;

/// The panel's inputs and the last curve (recomputed when the plan's inputs change).
#[derive(Debug, Clone)]
pub struct AbTestView {
    /// The planner's inputs.
    pub params: PlanParams,
    /// The reader's control arm.
    pub control: ArmCounts,
    /// The reader's treatment arm.
    pub treatment: ArmCounts,
    curve: Option<(PlanParams, Vec<CurvePoint>)>,
}

impl Default for AbTestView {
    /// The planner's defaults; a test of 10,000 per arm at 5.0 % and 5.6 %.
    fn default() -> Self {
        Self {
            params: PlanParams::default(),
            control: ArmCounts {
                visitors: 10_000,
                conversions: 500,
            },
            treatment: ArmCounts {
                visitors: 10_000,
                conversions: 560,
            },
            curve: None,
        }
    }
}

impl AbTestView {
    /// The plan for the current inputs.
    ///
    /// # Errors
    /// An input out of range.
    pub fn plan(&self) -> Result<Plan, AbTestError> {
        plan(&self.params)
    }

    /// The reading of the current counts, held against the current plan.
    ///
    /// # Errors
    /// Counts that are not a test (no visitors, more conversions than visitors) or a plan input
    /// out of range.
    pub fn reading(&self) -> Result<Reading, AbTestError> {
        let p = &self.params;
        read(
            self.control,
            self.treatment,
            &ReadParams {
                alpha: p.alpha,
                planned_per_arm: self.plan().ok().map(|plan| plan.per_arm),
                uplift: p.uplift,
                power: p.power,
                share: p.share,
                daily_users: p.daily_users,
            },
        )
    }

    fn curve(&mut self) -> &[CurvePoint] {
        let params = self.params;
        if self.curve.as_ref().is_none_or(|(p, _)| *p != params) {
            let points = curve(&params, &uplifts_around(&params, CURVE_POINTS));
            self.curve = Some((params, points));
        }
        self.curve.as_ref().map_or(&[], |(_, c)| c.as_slice())
    }
}

/// A labelled drag value editing `value` shown × `scale` (100 for percentages); the label
/// names the widget for screen readers (and tests).
fn number_ui(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut f64,
    scale: f64,
    range: std::ops::RangeInclusive<f64>,
    speed: f64,
    suffix: &str,
) {
    let text = ui.label(label);
    let mut shown = *value * scale;
    let response = ui
        .add(
            DragValue::new(&mut shown)
                .range(range)
                .speed(speed)
                .suffix(suffix)
                .max_decimals(4),
        )
        .labelled_by(text.id);
    if response.changed() {
        *value = shown / scale;
    }
    ui.end_row();
}

/// A whole-number drag value in a table cell: its column and row say what it is on screen, and
/// `label` names it for screen readers (and tests).
fn count_ui(ui: &mut egui::Ui, label: &str, value: &mut u64) {
    let response = ui.add(DragValue::new(value).range(0..=u64::MAX / 4).speed(10.0));
    let shown = *value as f64;
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::drag_value(true, shown);
        info.label = Some(label.to_owned());
        info
    });
}

fn row_ui(ui: &mut egui::Ui, label: &str, value: String) {
    ui.label(label);
    ui.label(RichText::new(value).monospace().strong());
    ui.end_row();
}

/// One input: its label, the value, the scale shown (100 for percent), range, drag speed and
/// unit.
type Field<'a> = (
    Key,
    &'a mut f64,
    f64,
    std::ops::RangeInclusive<f64>,
    f64,
    &'static str,
);

/// The planner's inputs, one labelled number each (rates and shares in percent).
fn inputs_ui(ui: &mut egui::Ui, p: &mut PlanParams, lang: Lang) {
    let fields: [Field<'_>; 6] = [
        (
            Key::AbBaseline,
            &mut p.baseline,
            100.0,
            0.001..=99.9,
            0.01,
            " %",
        ),
        (
            Key::AbUplift,
            &mut p.uplift,
            100.0,
            0.01..=1000.0,
            0.1,
            " %",
        ),
        (Key::AbAlpha, &mut p.alpha, 1.0, 0.0001..=0.5, 0.001, ""),
        (Key::AbPower, &mut p.power, 1.0, 0.5..=0.9999, 0.005, ""),
        (Key::AbShare, &mut p.share, 100.0, 0.1..=100.0, 0.1, " %"),
        (
            Key::AbDailyUsers,
            &mut p.daily_users,
            1.0,
            1.0..=1e9,
            100.0,
            "",
        ),
    ];
    egui::Grid::new("abtest_inputs")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (key, value, scale, range, speed, suffix) in fields {
                number_ui(ui, tr(lang, key), value, scale, range, speed, suffix);
            }
        });
}

/// The planner: inputs, the plan in numbers and in one sentence, days by share of traffic.
pub fn planner_ui(ui: &mut egui::Ui, view: &mut AbTestView, lang: Lang) {
    ui.heading(tr(lang, Key::AbPlanTitle));
    inputs_ui(ui, &mut view.params, lang);
    ui.add_space(6.0);
    let plan = match view.plan() {
        Ok(plan) => plan,
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, abtest_error_message(lang, &e));
            return;
        }
    };
    egui::Grid::new("abtest_plan")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            row_ui(ui, tr(lang, Key::AbTreatmentRate), pct(plan.treatment_rate));
            row_ui(
                ui,
                tr(lang, Key::AbEffectSize),
                format!("{:.4}", plan.effect_size_h),
            );
            row_ui(ui, tr(lang, Key::AbPerArm), thousands(plan.per_arm));
            row_ui(ui, tr(lang, Key::AbTotal), thousands(plan.total));
            row_ui(
                ui,
                tr(lang, Key::AbPerDay),
                thousands(plan.users_in_test_per_day.round() as u64),
            );
            row_ui(ui, tr(lang, Key::AbDays), plan.days.to_string());
        });
    ui.add_space(4.0);
    ui.label(
        RichText::new(fill(
            tr(lang, Key::AbPlanSentence),
            &[
                ("days", plan.days.to_string()),
                ("share", pct(plan.params.share)),
                ("uplift", signed_pct(plan.params.uplift)),
            ],
        ))
        .strong(),
    );
    ui.label(RichText::new(tr(lang, Key::AbMethodNote)).small().weak());
    ui.add_space(6.0);
    shares_ui(ui, &plan, lang);
}

/// Days at each share of traffic, the current share in bold.
fn shares_ui(ui: &mut egui::Ui, plan: &Plan, lang: Lang) {
    ui.label(RichText::new(tr(lang, Key::AbSharesTitle)).strong());
    egui::Grid::new("abtest_shares")
        .striped(true)
        .spacing([14.0, 2.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, Key::AbShareCol)).weak());
            ui.label(RichText::new(tr(lang, Key::AbDaysCol)).weak());
            ui.end_row();
            for s in share_effect(plan, &SHARES) {
                let text = RichText::new(s.days.to_string()).monospace();
                let current = (s.share - plan.params.share).abs() < 1e-12;
                ui.label(pct(s.share));
                ui.label(if current { text.strong() } else { text });
                ui.end_row();
            }
        });
}

/// Colour of the days-against-uplift curve.
const CURVE_COLOR: Color32 = Color32::from_rgb(100, 170, 255);
/// Colour of the planned uplift's marker.
const PLANNED_COLOR: Color32 = Color32::from_rgb(255, 160, 60);

/// The chart of days against uplift, the planned uplift marked.
pub fn chart_ui(ui: &mut egui::Ui, view: &mut AbTestView, lang: Lang, height: f32) {
    ui.label(RichText::new(tr(lang, Key::AbChartTitle)).strong());
    let planned = view.plan().ok();
    let points: Vec<[f64; 2]> = view
        .curve()
        .iter()
        .map(|c| [c.uplift * 100.0, c.days as f64])
        .collect();
    let mut keys = vec![(
        Swatch::Line(CURVE_COLOR, false),
        tr(lang, Key::AbChartY).to_owned(),
    )];
    if planned.is_some() {
        keys.push((
            Swatch::Diamond(PLANNED_COLOR),
            tr(lang, Key::AbChartPlanned).to_owned(),
        ));
    }
    legend_row_ui(ui, &keys);
    Plot::new("abtest_days_by_uplift")
        .height(height)
        .x_axis_label(tr(lang, Key::AbChartX))
        .y_axis_label(tr(lang, Key::AbChartY))
        .allow_scroll(false)
        .show(ui, |pui| {
            pui.line(
                Line::new(tr(lang, Key::AbChartY), points)
                    .color(CURVE_COLOR)
                    .width(2.0),
            );
            if let Some(p) = planned {
                pui.points(
                    Points::new(
                        tr(lang, Key::AbChartPlanned),
                        vec![[p.params.uplift * 100.0, p.days as f64]],
                    )
                    .shape(MarkerShape::Diamond)
                    .color(PLANNED_COLOR)
                    .radius(6.0),
                );
            }
        });
}

/// The reader: counts per arm, rates, lift, interval, p-value and the verdict in words.
pub fn reader_ui(ui: &mut egui::Ui, view: &mut AbTestView, lang: Lang) {
    ui.heading(tr(lang, Key::AbReadTitle));
    let reading = {
        egui::Grid::new("abtest_counts")
            .num_columns(4)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                ui.label(RichText::new(tr(lang, Key::AbArm)).weak());
                ui.label(RichText::new(tr(lang, Key::AbVisitors)).weak());
                ui.label(RichText::new(tr(lang, Key::AbConversions)).weak());
                ui.label(RichText::new(tr(lang, Key::AbRate)).weak());
                ui.end_row();
                for (key, arm) in [
                    (Key::AbControl, &mut view.control),
                    (Key::AbTreatment, &mut view.treatment),
                ] {
                    let name = tr(lang, key);
                    ui.label(name);
                    count_ui(
                        ui,
                        &format!("{name} · {}", tr(lang, Key::AbVisitors)),
                        &mut arm.visitors,
                    );
                    count_ui(
                        ui,
                        &format!("{name} · {}", tr(lang, Key::AbConversions)),
                        &mut arm.conversions,
                    );
                    let rate = (arm.visitors > 0 && arm.conversions <= arm.visitors)
                        .then(|| pct(arm.rate()));
                    ui.label(RichText::new(rate.unwrap_or_else(|| "—".to_owned())).monospace());
                    ui.end_row();
                }
            });
        view.reading()
    };
    let r = match reading {
        Ok(r) => r,
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, abtest_error_message(lang, &e));
            return;
        }
    };
    egui::Grid::new("abtest_reading")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            row_ui(
                ui,
                tr(lang, Key::AbLift),
                r.lift.map_or_else(|| "—".to_owned(), signed_pct),
            );
            row_ui(
                ui,
                tr(lang, Key::AbLiftCi),
                r.lift_ci95.map_or_else(
                    || "—".to_owned(),
                    |[lo, hi]| format!("{} … {}", signed_pct(lo), signed_pct(hi)),
                ),
            );
            row_ui(ui, "z", format!("{:.3}", r.z));
            row_ui(ui, tr(lang, Key::AbPValue), format!("{:.4}", r.p_value));
        });
    if let Some(planned) = r.planned_per_arm {
        ui.label(
            RichText::new(fill(
                tr(lang, Key::AbPlannedFrom),
                &[("planned", thousands(planned))],
            ))
            .small()
            .weak(),
        );
    }
    ui.add_space(4.0);
    let mut lines = verdict_sentence(lang, &r, view.params.uplift).into_iter();
    if let Some(first) = lines.next() {
        ui.label(RichText::new(first).strong().size(15.0));
    }
    for line in lines {
        ui.colored_label(ui.visuals().warn_fg_color, line);
    }
}

/// The whole panel in one column: planner, chart, reader (for a window or a test).
pub fn abtest_ui(ui: &mut egui::Ui, view: &mut AbTestView, lang: Lang) {
    planner_ui(ui, view, lang);
    ui.separator();
    chart_ui(ui, view, lang, 220.0);
    ui.separator();
    reader_ui(ui, view, lang);
}
