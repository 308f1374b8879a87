//! `embedscope abtest plan|read`: the JSON keys and values (the example: 14,178 users
//! per arm, 15 days at 10 % of 20,000 a day; p = 0.0583 for 500 vs 560 of 10,000, as
//! statsmodels), the readable tables, and bad input as a clear message with exit code 2.

pub mod common;

use common::cli::{embedscope, json};

#[test]
fn plan_json() {
    let v = json(&embedscope(&[
        "abtest",
        "plan",
        "--baseline",
        "0.05",
        "--uplift",
        "0.15",
        "--json",
    ]));
    assert!((v["effect_size_h"].as_f64().unwrap() - 0.033_275_503_949_657_45).abs() < 1e-12);
    assert_eq!(v["per_arm"], 14_178);
    assert_eq!(v["total"], 28_356);
    assert_eq!(v["days"], 15);
    assert!((v["treatment_rate"].as_f64().unwrap() - 0.0575).abs() < 1e-12);
    assert!((v["users_in_test_per_day"].as_f64().unwrap() - 2000.0).abs() < 1e-9);
    assert_eq!(v["alpha"], 0.05);
    assert_eq!(v["power"], 0.8);
    let curve = v["curve"].as_array().unwrap();
    assert!(curve.iter().any(|c| c["uplift"] == 0.15 && c["days"] == 15));
    let days: Vec<u64> = curve.iter().map(|c| c["days"].as_u64().unwrap()).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    // Half the share, twice the days (rounded up): 28,356 / 1,000 → 29.
    let shares = v["days_by_share"].as_array().unwrap();
    assert!(shares.iter().any(|s| s["share"] == 0.05 && s["days"] == 29));
}

#[test]
fn plan_options_and_table() {
    // +20 % on 5 % at α = 0.1, power 0.8 (statsmodels: 6,413.6 per arm → 6,414 → 12,828 users
    // → 6.4 days at 10 % of 20,000 → 7).
    let v = json(&embedscope(&[
        "abtest",
        "plan",
        "--baseline",
        "0.05",
        "--uplift",
        "0.2",
        "--alpha",
        "0.1",
        "--power",
        "0.8",
        "--share",
        "0.1",
        "--daily-users",
        "20000",
        "--json",
    ]));
    assert_eq!(v["share"], 0.1);
    assert_eq!(v["daily_users"], 20000.0);
    assert_eq!(v["per_arm"], 6414);
    assert_eq!(v["total"], 12_828);
    assert_eq!(v["days"], 7);
    let out = embedscope(&["abtest", "plan", "--baseline", "0.05", "--uplift", "0.15"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("users per arm") && text.contains("14,178"),
        "{text}"
    );
    assert!(text.contains("Days against uplift"), "{text}");
}

#[test]
fn read_json() {
    let v = json(&embedscope(&[
        "abtest",
        "read",
        "--control",
        "10000,500",
        "--treatment",
        "10000,560",
        "--json",
    ]));
    assert_eq!(v["rate_control"], 0.05);
    assert_eq!(v["rate_treatment"], 0.056);
    assert!((v["lift"].as_f64().unwrap() - 0.12).abs() < 1e-12);
    let ci = v["lift_ci95"].as_array().unwrap();
    assert!((ci[0].as_f64().unwrap() - (0.995_972_539_279_672_1 - 1.0)).abs() < 1e-12);
    assert!((ci[1].as_f64().unwrap() - (1.259_472_475_925_122_3 - 1.0)).abs() < 1e-12);
    assert!((v["z"].as_f64().unwrap() - 1.893_752_975_635_674_8).abs() < 1e-12);
    assert!((v["p_value"].as_f64().unwrap() - 0.058_257_806_033_516_23).abs() < 1e-12);
    assert_eq!(v["verdict"], "not_significant_yet");
    assert_eq!(v["more_days"], 5);
    let text = v["verdict_text"].as_str().unwrap();
    assert!(text.contains("keep running about 5 more days"), "{text}");
    assert!(text.contains("Do not stop early"), "{text}");

    let up = json(&embedscope(&[
        "abtest",
        "read",
        "--control",
        "20000,1000",
        "--treatment",
        "20000,1200",
        "--json",
    ]));
    assert_eq!(up["verdict"], "significant_up");
    let down = json(&embedscope(&[
        "abtest",
        "read",
        "--control",
        "20000,1200",
        "--treatment",
        "20000,1000",
        "--json",
    ]));
    assert_eq!(down["verdict"], "significant_down");
    let early = json(&embedscope(&[
        "abtest",
        "read",
        "--control",
        "5000,200",
        "--treatment",
        "5000,300",
        "--json",
    ]));
    assert_eq!(early["verdict"], "significant_up");
    assert_eq!(early["early_stop_warning"], true);
}

#[test]
fn read_table() {
    let out = embedscope(&[
        "abtest",
        "read",
        "--control",
        "10000,500",
        "--treatment",
        "10000,560",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("control") && text.contains("5.600 %"),
        "{text}"
    );
    assert!(
        text.contains("+12.0 %") && text.contains("not_significant_yet"),
        "{text}"
    );
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let cases = [
        ("plan --baseline 0 --uplift 0.1", "baseline rate"),
        ("plan --baseline 1.2 --uplift 0.1", "baseline rate"),
        ("plan --baseline 0.05 --uplift 0", "uplift"),
        ("plan --baseline 0.05 --uplift -0.1", "uplift"),
        ("plan --baseline 0.6 --uplift 1", "below 1"),
        ("plan --baseline 0.05 --uplift 0.1 --share 0", "share"),
        ("plan --baseline 0.05 --uplift 0.1 --share 1.5", "share"),
        ("plan --baseline 0.05 --uplift 0.1 --alpha 1", "alpha"),
        ("plan --baseline 0.05 --uplift 0.1 --power 0", "power"),
        (
            "plan --baseline 0.05 --uplift 0.1 --alpha 0.5 --power 0.4",
            "greater than",
        ),
        (
            "plan --baseline 0.05 --uplift 0.1 --daily-users 0",
            "daily users",
        ),
        ("plan --baseline abc --uplift 0.1", "abc"),
        (
            "plan --baseline 0.000000000001 --uplift 0.000001",
            "too small to detect",
        ),
        ("plan --uplift 0.1", "--baseline"),
        (
            "read --control 10000,500 --treatment 100,560",
            "more than its 100 visitors",
        ),
        ("read --control 0,0 --treatment 100,5", "no visitors"),
        (
            "read --control 10000;500 --treatment 100,5",
            "VISITORS,CONVERSIONS",
        ),
        (
            "read --control 10000 --treatment 100,5",
            "VISITORS,CONVERSIONS",
        ),
        (
            "read --control 10000,-5 --treatment 100,5",
            "VISITORS,CONVERSIONS",
        ),
        (
            "read --control 10000,500 --treatment 100,5 --alpha 0",
            "alpha",
        ),
        ("read --control 10,1 --treatment 10,1 --uplift 0", "uplift"),
        (
            "read --control 10,1 --treatment 10,1 --planned-per-arm x",
            "x",
        ),
    ];
    for (args, needle) in cases {
        let mut all = vec!["abtest"];
        all.extend(args.split_whitespace());
        all.push("--json");
        let out = embedscope(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args}: {err}");
        assert!(err.contains(needle), "{args}: {err}");
        assert!(out.stdout.is_empty(), "{args}");
        assert!(!err.contains("panicked"), "{args}: {err}");
    }
}
