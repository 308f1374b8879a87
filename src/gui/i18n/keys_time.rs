//! Keys of the studies over time: the seasonal drift comparison (two time windows) and the
//! model freshness study (Learn step 7). See `keys.rs`.

/// Appends these keys to the list it is given and hands the whole list to `keys_launch!`.
macro_rules! keys_time {
    ($($rest:tt)*) => {
        keys_launch! {
            $($rest)*
            DriftHeading => "Two time windows (seasonal drift)", "2つの期間（季節による変化）";
            DriftHowTo => "ALS is trained on each window's interactions and B is aligned onto A: which items and which categories moved between, say, spring and summer. Dates as FROM..TO (YYYY-MM-DD, both days included).", "各期間の行動データで ALS を学習し、B を A に重ねます。たとえば春と夏のあいだに、どのアイテムとどのカテゴリが動いたかがわかります。日付は FROM..TO（YYYY-MM-DD、両端の日を含む）で指定します。";
            DriftSpan => "The interactions run from {from} to {to}.", "行動データの期間：{from} 〜 {to}";
            DriftNoTime => "This dataset's interactions carry no timestamps, so there are no time windows to compare.", "このデータセットの行動データにはタイムスタンプがないため、期間を比較できません。";
            DriftWindowA => "window A", "期間 A";
            DriftWindowB => "window B", "期間 B";
            DriftRun => "compare windows", "期間を比較";
            DriftResult => "Window A {a}: {na} interactions · window B {b}: {nb} interactions · {items} items compared (items with fewer than {min} interactions in a window are left out)", "期間 A {a}：{na}件・期間 B {b}：{nb}件・比較したアイテム {items}件（どちらかの期間で行動が{min}件未満のアイテムは除外）";
            DriftTopCategories => "Categories that moved most: {list}", "最も動いたカテゴリ：{list}";
            CompareMeanMoved => "items moved", "アイテムの移動";
            CompareMeanMovedHover => "Mean distance its items moved after alignment (each item also moves on its own: rarely used items move most).", "重ねた後にそのカテゴリのアイテムが動いた距離の平均（アイテムは個別にも動きます。あまり使われないアイテムほど大きく動きます）。";
            WindowErrBad => "\"{text}\" is not a time window: write FROM..TO with dates as YYYY-MM-DD, e.g. 2026-01-01..2026-03-31.", "「{text}」は期間として読めません。FROM..TO の形で、日付は YYYY-MM-DD にしてください（例：2026-01-01..2026-03-31）。";
            WindowErrOrder => "\"{text}\": the window ends before it starts.", "「{text}」：終わりの日が始まりの日より前です。";
            WindowErrNoTime => "The interactions of {dataset} carry no timestamps (or not all of them): time windows need a timestamp column in Unix seconds.", "{dataset} の行動データにはタイムスタンプがありません（または一部にしかありません）。期間を使うには Unix 秒のタイムスタンプ列が必要です。";
            WindowErrFew => "The window {window} holds {n} interactions; at least {needed} are needed to train on it.", "期間 {window} の行動データは {n}件です。学習には{needed}件以上必要です。";
        }
    };
}
