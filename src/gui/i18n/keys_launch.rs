//! Keys of the launch decision: the A/B test planner and reader, the goal & KPI card and the
//! one-page workshop summary. See `keys.rs`.

/// Appends these keys to the list it is given and hands the whole list to `keys!`.
macro_rules! keys_launch {
    ($($rest:tt)*) => {
        keys! {
            $($rest)*
            AbOpen => "Plan an A/B test…", "A/B テストを計画する…";
            AbOpenHover => "The step after offline metrics: how many users and days an online test needs, and how to read its result.", "オフライン評価の次のステップ：オンラインテストに必要なユーザー数と日数、そして結果の読み方。";
            AbPlanTitle => "Plan the test", "テストを計画する";
            AbBaseline => "Baseline rate (CTR or CVR)", "現在の率（CTR または CVR）";
            AbUplift => "Smallest uplift worth detecting", "検出したい最小の改善幅";
            AbAlpha => "Significance level α", "有意水準 α";
            AbPower => "Power", "検出力";
            AbShare => "Share of traffic in the test", "テストに回すトラフィックの割合";
            AbDailyUsers => "Users a day", "1日のユーザー数";
            AbTreatmentRate => "Treatment rate", "新方式で期待する率";
            AbEffectSize => "Effect size (Cohen's h)", "効果量（Cohen の h）";
            AbPerArm => "Users per arm", "1群あたりのユーザー数";
            AbTotal => "Users in total", "合計ユーザー数";
            AbPerDay => "Users in the test per day", "1日にテストに入るユーザー数";
            AbDays => "Days to run", "必要な日数";
            AbPlanSentence => "We need {days} days at {share} of traffic to see {uplift}.", "{uplift} を検出するには、トラフィックの {share} で {days} 日必要です。";
            AbMethodNote => "Two-sided z-test on two proportions; users per arm as statsmodels' NormalIndPower with Cohen's h, rounded up.", "2つの比率の両側 z 検定。1群あたりの人数は statsmodels の NormalIndPower（Cohen の h）と同じ計算で、切り上げています。";
            AbChartTitle => "Days against uplift: smaller effects take longer to see", "改善幅と日数：効果が小さいほど検出に時間がかかります";
            AbChartX => "uplift (%)", "改善幅（%）";
            AbChartY => "days", "日数";
            AbChartPlanned => "planned", "計画";
            AbSharesTitle => "A smaller share of traffic takes longer", "トラフィックの割合を下げると長くかかります";
            AbShareCol => "share", "割合";
            AbDaysCol => "days", "日数";
            AbReadTitle => "Read the result", "結果を読む";
            AbArm => "Arm", "群";
            AbVisitors => "Visitors", "訪問者数";
            AbConversions => "Conversions", "コンバージョン数";
            AbRate => "Rate", "率";
            AbControl => "Control (A)", "既存（A）";
            AbTreatment => "Treatment (B)", "新方式（B）";
            AbLift => "Relative lift", "相対的な改善";
            AbLiftCi => "95 % interval (Katz log ratio)", "95 % 信頼区間（Katz の対数比）";
            AbPValue => "p-value (two-sided z-test)", "p 値（両側 z 検定）";
            AbPlannedFrom => "Held against the plan above: {planned} users per arm.", "上の計画（1群 {planned} 人）と照らし合わせています。";
            AbVerdictUp => "Significant: the treatment converts better ({lift}, p = {p} < {alpha}).", "有意：新方式のほうが良い結果です（{lift}、p = {p} < {alpha}）。";
            AbVerdictDown => "Significant: the treatment converts worse ({lift}, p = {p} < {alpha}). Do not launch it.", "有意：新方式のほうが悪い結果です（{lift}、p = {p} < {alpha}）。公開しないでください。";
            AbVerdictYet => "Not significant yet (p = {p} ≥ {alpha}): keep running about {days} more days ({more} more users per arm to the planned {planned}).", "まだ有意ではありません（p = {p} ≥ {alpha}）。あと約 {days} 日続けてください（計画の1群 {planned} 人まで、あと {more} 人）。";
            AbVerdictYetNoPlan => "Not significant yet (p = {p} ≥ {alpha}): keep collecting data.", "まだ有意ではありません（p = {p} ≥ {alpha}）。データを集め続けてください。";
            AbVerdictNone => "Not significant with the planned {planned} users per arm reached (p = {p} ≥ {alpha}): an uplift of {uplift} or more is unlikely; any real difference is smaller.", "計画の1群 {planned} 人に達しても有意ではありません（p = {p} ≥ {alpha}）。{uplift} 以上の改善はなさそうです。差があるとしても、それより小さいものです。";
            AbNoPeeking => "Do not stop early: checking every day and stopping at the first p < α makes a false win far more likely than α. Decide at the planned sample.", "途中で止めないでください。毎日 p 値を見て、最初に p < α となった時点で止めると、偽の勝ちの確率が α よりずっと大きくなります。計画したサンプル数で判断しましょう。";
            AbEarly => "This came before the planned sample: keep running to the plan before launching.", "計画したサンプル数に達する前の結果です。公開する前に、計画どおり最後まで続けてください。";
            AbErrUnit => "{param} must be strictly between 0 and 1 (got {value}).", "{param}は 0 より大きく 1 より小さい値にしてください（入力値 {value}）。";
            AbErrUplift => "The uplift must be greater than 0 (got {value}).", "改善幅は 0 より大きくしてください（入力値 {value}）。";
            AbErrTooHigh => "A baseline of {baseline} with {uplift} gives a treatment rate of {treatment}, which must stay below 100 %.", "現在の率 {baseline} に {uplift} を加えると新方式の率が {treatment} となり、100 % 未満に収まりません。";
            AbErrShare => "The share of traffic must be more than 0 and at most 100 % (got {value}).", "トラフィックの割合は 0 より大きく 100 % 以下にしてください（入力値 {value}）。";
            AbErrDaily => "Users a day must be more than 0 (got {value}).", "1日のユーザー数は 0 より大きくしてください（入力値 {value}）。";
            AbErrPowerAlpha => "The power ({power}) must be greater than the significance level α ({alpha}).", "検出力（{power}）は有意水準 α（{alpha}）より大きくしてください。";
            ExportSummaryMd => "Workshop summary (Markdown)…", "ワークショップのまとめ（Markdown）…";
            ExportSummaryHtml => "Workshop summary (HTML)…", "ワークショップのまとめ（HTML）…";
            GoalTitle => "Goal & KPI", "ゴールと KPI";
            GoalMetricRecall => "Recall", "再現率";
            GoalMetricNdcg => "nDCG", "順位つき一致度";
            GoalMetricPrecision => "Precision", "適合率";
            GoalMetricMap => "MAP", "平均適合率";
            GoalMetricHitRate => "Hit rate", "ヒット率";
            GoalMetricCoverage => "Coverage", "カバー率";
            GoalMetricNovelty => "Novelty", "新規性";
            GoalSentence => "Goal in one sentence", "ゴール（1文で）";
            GoalSentenceHint => "e.g. +15 % purchases through recommendations", "例：おすすめ経由の購入を +15 %";
            GoalMetric => "Offline metric and target", "オフライン指標と目標値";
            GoalTarget => "Target", "目標値";
            GoalSave => "Save goal", "ゴールを保存";
            GoalSaved => "Kept in the workspace with this dataset.", "このデータセットとともにワークスペースに保存済みです。";
            GoalUnsaved => "Not saved yet.", "まだ保存していません。";
            GoalNoWorkspace => "No workspace: the goal is not kept.", "ワークスペースがないため、ゴールは保存されません。";
            GoalNone => "Agree on the goal first: one sentence, then the offline metric that stands for it.", "まずゴールを決めましょう：1文で書き、それを表すオフライン指標を選びます。";
            GoalMeets => "meets the target ({share})", "目標達成（目標比 {share}）";
            GoalMisses => "below the target ({share})", "目標未達（目標比 {share}）";
            GoalErrSentence => "The goal needs a sentence.", "ゴールの文を入力してください。";
            GoalErrMetric => "Unknown metric \"{metric}\".", "不明な指標「{metric}」です。";
            GoalErrK => "k must be at least 1.", "k は 1 以上にしてください。";
            GoalErrTarget => "The target must be a number ≥ 0 (got {value}).", "目標値は 0 以上の数にしてください（入力値 {value}）。";
            AbErrTooSmall => "An uplift of {uplift} on a baseline of {baseline} is too small to detect: it would need more than 10^15 users per arm.", "現在の率 {baseline} に対して {uplift} の改善は小さすぎて検出できません（1群あたり 10^15 人を超える人数が必要です）。";
            AbErrNoVisitors => "{arm}: no visitors (at least 1 is needed).", "{arm}：訪問者がいません（1人以上必要です）。";
            AbErrConversions => "{arm}: {conversions} conversions is more than its {visitors} visitors.", "{arm}：コンバージョン数 {conversions} が訪問者数 {visitors} を超えています。";
        }
    };
}
