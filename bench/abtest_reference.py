"""Reference values for embedscope's A/B test statistics (src/eval/abtest), from statsmodels.

    python bench/abtest_reference.py > tests/fixtures/abtest_reference.json

Needs a venv with statsmodels (PyPI): python3 -m venv V && V/bin/pip install statsmodels.

* plan: effect size h = statsmodels.stats.proportion.proportion_effectsize(treatment, baseline)
  (Cohen's h), the per-arm sample size NormalIndPower().solve_power(effect_size=h, nobs1=None,
  alpha, power, ratio=1, alternative="two-sided") as a float and rounded up, total = 2 * per arm,
  days = ceil(total / (daily_users * share)); and NormalIndPower().power at the rounded size.
* read: proportions_ztest([conv_t, conv_c], [vis_t, vis_c]) (pooled variance, two-sided) and the
  95 % interval of the rate ratio treatment / control by confint_proportions_2indep(...,
  compare="ratio", method="log") (Katz's log interval; relative lift = ratio - 1).

Inputs: a grid from ordinary to extreme (baselines 1e-6 .. 0.99, uplifts 0.1 % .. 900 %, alpha
0.001 .. 0.3, power 0.5 .. 0.999) plus seeded random draws; counts from 1 visitor to 10^9,
zero conversions and all-converted arms. NaN results (statsmodels' own failures, 0/0 z) are null.
"""

import json
import math
import random
import sys
import warnings

import numpy as np
import scipy
import statsmodels
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_effectsize,
    proportions_ztest,
)


def num(x):
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def plan_case(baseline, uplift, alpha, power, share, daily_users):
    treatment = baseline * (1.0 + uplift)
    h = float(proportion_effectsize(treatment, baseline))
    analysis = NormalIndPower()
    n = analysis.solve_power(
        effect_size=h, nobs1=None, alpha=alpha, power=power, ratio=1.0, alternative="two-sided"
    )
    n = num(np.asarray(n).item())
    row = {
        "baseline": baseline,
        "uplift": uplift,
        "alpha": alpha,
        "power": power,
        "share": share,
        "daily_users": daily_users,
        "treatment_rate": treatment,
        "effect_size_h": h,
        "per_arm_float": n,
    }
    if n is not None:
        per_arm = math.ceil(n)
        total = 2 * per_arm
        row["per_arm"] = per_arm
        row["total"] = total
        row["days"] = math.ceil(total / (daily_users * share))
        row["power_at_per_arm"] = float(
            analysis.power(h, per_arm, alpha, ratio=1.0, alternative="two-sided")
        )
    return row


def read_case(vis_c, conv_c, vis_t, conv_t):
    z, p = proportions_ztest(np.array([conv_t, conv_c]), np.array([vis_t, vis_c]))
    row = {
        "control": [vis_c, conv_c],
        "treatment": [vis_t, conv_t],
        "z": num(z),
        "p_value": num(p),
        "ratio_ci95": None,
    }
    if conv_c > 0 and conv_t > 0:
        lo, hi = confint_proportions_2indep(
            conv_t, vis_t, conv_c, vis_c, compare="ratio", method="log", alpha=0.05
        )
        row["ratio_ci95"] = [num(lo), num(hi)]
    return row


def plan_cases():
    rng = random.Random(18)
    out = []
    for baseline in [1e-6, 1e-4, 0.001, 0.01, 0.05, 0.1, 0.3, 0.5, 0.8, 0.95, 0.99]:
        for uplift in [0.001, 0.01, 0.05, 0.15, 0.5, 1.0, 3.0, 9.0]:
            if baseline * (1 + uplift) >= 1:
                continue
            for alpha, power in [(0.05, 0.8), (0.01, 0.9), (0.001, 0.999), (0.3, 0.5), (0.1, 0.95)]:
                out.append(plan_case(baseline, uplift, alpha, power, 0.1, 20000.0))
    for _ in range(400):
        baseline = 10 ** rng.uniform(-5, math.log10(0.98))
        max_uplift = min(5.0, 0.999 / baseline - 1)
        uplift = 10 ** rng.uniform(-3, math.log10(max_uplift))
        alpha = 10 ** rng.uniform(-4, math.log10(0.3))
        power = rng.uniform(max(0.5, alpha + 0.01), 0.999)
        share = rng.choice([0.01, 0.05, 0.07, 0.1, 0.2, 0.5, 1.0, rng.uniform(0.001, 1.0)])
        daily = float(rng.choice([100, 1000, 20000, 123457, 1e6, rng.randint(1, 10**7)]))
        out.append(plan_case(baseline, uplift, alpha, power, share, daily))
    # The example and the CLI defaults.
    out.append(plan_case(0.05, 0.15, 0.05, 0.8, 0.1, 20000.0))
    return out


def read_cases():
    rng = random.Random(1818)
    out = [
        read_case(10000, 500, 10000, 560),
        read_case(10000, 500, 10000, 500),
        read_case(10000, 560, 10000, 500),
        read_case(1, 0, 1, 1),
        read_case(1, 1, 2, 1),
        read_case(5, 0, 7, 3),
        read_case(100, 100, 100, 99),
        read_case(10**9, 10**7, 10**9, 10**7 + 5000),
        read_case(10**9, 1, 10**9, 3),
        read_case(50, 3, 10**6, 61000),
        read_case(10**6, 999999, 10**6, 999990),
    ]
    for _ in range(400):
        vis_c = int(10 ** rng.uniform(1, 8))
        vis_t = max(1, int(vis_c * rng.uniform(0.5, 2.0)))
        rate = 10 ** rng.uniform(-3, 0)
        conv_c = min(vis_c, int(round(vis_c * rate)))
        conv_t = min(vis_t, max(0, int(round(vis_t * rate * rng.uniform(0.7, 1.4)))))
        out.append(read_case(vis_c, conv_c, vis_t, conv_t))
    return out


def main():
    warnings.simplefilter("ignore")
    doc = {
        "_about": (
            "Generated by bench/abtest_reference.py with statsmodels "
            f"{statsmodels.__version__}, scipy {scipy.__version__}, numpy {np.__version__}."
        ),
        "plan": plan_cases(),
        "read": read_cases(),
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
