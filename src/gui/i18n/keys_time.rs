//! Keys of the studies over time: the seasonal drift comparison (two time windows) and the
//! model freshness study (Learn step 7). See `keys.rs`.

/// Appends these keys to the list it is given and hands the whole list to `keys_launch!`.
macro_rules! keys_time {
    ($($rest:tt)*) => {
        keys_launch! {
            $($rest)*
            DriftHeading => "Two time windows (seasonal drift)", "2つの期間（季節による変化）";
            DriftHowTo => "ALS is trained on each window's interactions and B is aligned onto A: which items and which categories moved between, say, spring and summer. Dates as FROM..TO (YYYY-MM-DD, both days included).", "各期間の行動データで ALS を学習し、B を A に重ねます。たとえば春と夏のあいだに、どのアイテムとどのカテゴリが動いたかがわかります。日付は 2026-01-01..2026-03-31 のように、開始日..終了日 で指定します（両端の日を含む）。";
            DriftSpan => "The interactions run from {from} to {to}.", "行動データの期間：{from} 〜 {to}";
            DriftNoTime => "This dataset's interactions carry no timestamps, so there are no time windows to compare.", "このデータセットの行動データにはタイムスタンプがないため、期間を比較できません。";
            DriftWindowA => "window A", "期間 A";
            DriftWindowB => "window B", "期間 B";
            DriftRun => "compare windows", "期間を比較";
            DriftResult => "Window A {a}: {na} interactions · window B {b}: {nb} interactions · {items} items compared (items with fewer than {min} interactions in a window are left out)", "期間 A {a}：{na}件・期間 B {b}：{nb}件・比較したアイテム {items}件（どちらかの期間で行動が{min}件未満のアイテムは除外）";
            DriftTopCategories => "Categories that moved most: {list}", "最も動いたカテゴリ：{list}";
            CompareMeanMoved => "items moved", "アイテムの移動";
            CompareMeanMovedHover => "Mean distance its items moved after alignment (each item also moves on its own: rarely used items move most).", "重ねた後にそのカテゴリのアイテムが動いた距離の平均（アイテムは個別にも動きます。あまり使われないアイテムほど大きく動きます）。";
            LearnStepGoal => "Goal & KPI", "ゴールと KPI";
            LearnSentenceGoal => "Before any vector: say the goal in one sentence, agree on the offline metric that stands for it and its target. Every later step is read against it.", "ベクトルの前に、まずゴールを1文で言い、それを表すオフライン指標と目標値を決めます。以降のステップはすべてこのゴールに照らして読みます。";
            LearnGoalUses => "The goal you keep here is the same as the evaluation panel's card: the evaluation lists each method against its target, the interview sheets and the workshop summary print it, and step 7 (model freshness) reads how often to retrain from it.", "ここで決めたゴールは評価パネルのカードと同じものです。評価では各手法を目標値と比べ、インタビューシートとワークショップのまとめに印刷され、ステップ7（モデルの鮮度）では再学習の間隔をこの目標から読みます。";
            LearnStepFreshness => "Model freshness", "モデルの鮮度";
            LearnSentenceFreshness => "A model learns from the past and is used on the future: train it up to a week, measure it on each later week, and see how fast it goes stale — how often to retrain then follows from the goal's target.", "モデルは過去から学び、未来に使われます。ある週までのデータで学習し、その後の各週で測ると、どれだけ早く古くなるかがわかります。再学習の間隔はゴールの目標値から決まります。";
            FreshnessNoTime => "This dataset's interactions carry no timestamps: the freshness study needs them.", "このデータセットの行動データにはタイムスタンプがないため、鮮度を測れません。";
            FreshnessData => "{name}: {n} interactions from {from} to {to}.", "{name}：行動データ {n}件（{from} 〜 {to}）";
            FreshnessHow => "Each of the last {evaluated} weeks is evaluated by models trained 1 to {horizon} weeks before it ({models} models): users the model has never seen get its popular list, as in production.", "最後の{evaluated}週のそれぞれを、1〜{horizon}週前までのデータで学習したモデルで評価します（{models}モデル）。モデルが知らないユーザーには、本番と同じく人気順のリストを出します。";
            FreshnessModel => "Model:", "モデル：";
            FreshnessPopularity => "most popular", "人気順";
            FreshnessMetric => "Measured: {metric}", "測る指標：{metric}";
            FreshnessTargetFromGoal => "Target from the goal (step 0): {metric} ≥ {target}", "ゴール（ステップ0）の目標：{metric} ≥ {target}";
            FreshnessNoGoal => "No goal with Recall@k or nDCG@k yet: set one in step 0 to read how often to retrain.", "Recall@k か nDCG@k のゴールがまだありません。ステップ0で決めると、再学習の間隔が読めます。";
            FreshnessRun => "measure freshness", "鮮度を測る";
            FreshnessEmpty => "Press \"measure freshness\" on the left: the chart shows the metric against the model's age.", "左の「鮮度を測る」を押すと、モデルの経過日数ごとの指標をグラフにします。";
            FreshnessChartX => "model age (days)", "モデルの経過日数";
            FreshnessChartRows => "one model on one week", "各モデル・各週";
            FreshnessChartMean => "mean by age", "経過日数ごとの平均";
            FreshnessChartTarget => "goal's target", "ゴールの目標値";
            FreshnessModels => "models", "モデル数";
            FreshnessEvery => "{metric} stays at or above the target {target} for {n} week(s), then falls below: retrain every {n} week(s).", "{metric} は {n}週間は目標値 {target} 以上を保ち、その後下回ります。{n}週ごとに再学習しましょう。";
            FreshnessNotWithin => "{metric} stays at or above the target {target} at every age measured (up to {n} weeks): retraining every {n} weeks is enough.", "{metric} は測った範囲（最長{n}週）ではずっと目標値 {target} 以上です。{n}週ごとの再学習で十分です。";
            FreshnessBelowFresh => "{metric} is below the target {target} even right after training: retraining more often will not reach it — improve the model first.", "{metric} は学習直後でも目標値 {target} に届きません。再学習を増やしても届かないので、まずモデルを改善しましょう。";
            WindowErrBad => "\"{text}\" is not a time window: write FROM..TO with dates as YYYY-MM-DD, e.g. 2026-01-01..2026-03-31.", "「{text}」は期間として読めません。開始日..終了日 の形で、日付は 年-月-日 にしてください（例：2026-01-01..2026-03-31）。";
            WindowErrOrder => "\"{text}\": the window ends before it starts.", "「{text}」：終わりの日が始まりの日より前です。";
            WindowErrNoTime => "The interactions of {dataset} carry no timestamps (or not all of them): time windows need a timestamp column in Unix seconds.", "{dataset} の行動データにはタイムスタンプがありません（または一部にしかありません）。期間を使うには Unix 秒のタイムスタンプ列が必要です。";
            WindowErrFew => "The window {window} holds {n} interactions; at least {needed} are needed to train on it.", "期間 {window} の行動データは {n}件です。学習には{needed}件以上必要です。";
        }
    };
}
