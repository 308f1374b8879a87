//! Every user-visible string in English and Japanese, including error messages.
//!
//! Strings are looked up by [`Key`]; each key holds both languages on one line, so a missing
//! translation is a compile error. `{name}` placeholders are filled by [`fill`].

use crate::error::{DataError, PipelineError};
use crate::index::QueryError;

/// UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// 日本語.
    Ja,
}

impl Lang {
    /// The system locale's language: Japanese for `ja*`, English otherwise.
    #[must_use]
    pub fn from_system() -> Self {
        Self::from_locale(sys_locale::get_locale().as_deref())
    }

    /// Japanese for a locale starting with `ja`, English otherwise.
    #[must_use]
    pub fn from_locale(locale: Option<&str>) -> Self {
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("ja") => Self::Ja,
            _ => Self::En,
        }
    }

    /// Whether Japanese names/labels should be preferred.
    #[must_use]
    pub fn is_ja(self) -> bool {
        self == Self::Ja
    }
}

macro_rules! keys {
    ($($key:ident => $en:literal, $ja:literal;)*) => {
        /// A translatable string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[expect(missing_docs, reason = "the key names say what they are; the texts are right beside them")]
        pub enum Key { $($key,)* }

        /// The text of `key` in `lang`.
        #[must_use]
        pub fn tr(lang: Lang, key: Key) -> &'static str {
            match (key, lang) {
                $((Key::$key, Lang::En) => $en, (Key::$key, Lang::Ja) => $ja,)*
            }
        }
    };
}

keys! {
    AppTitle => "embedscope", "embedscope";
    IvFinder => "Find users to interview", "インタビュー候補を探す";
    IvHeavy => "Heavy", "ヘビー";
    IvChurned => "Churned", "離脱";
    IvWorst => "Worst served", "推薦が外れた人";
    IvBest => "Best served", "推薦が当たった人";
    IvSilentDays => "Silent days", "空白日数";
    IvWhere => "Only where column = value", "列 = 値 で絞り込み";
    IvNeedsHoldout => "Per-user recall is not computed yet", "ユーザー別の再現率はまだ計算されていません";
    IvNoCandidates => "No users match", "該当するユーザーはいません";
    IvQuestions => "Suggested questions", "質問案";
    IvHistory => "History", "利用履歴";
    IvRecommended => "Recommended", "おすすめ";
    IvNotes => "Notes", "メモ";
    IvSaveNote => "Save note", "メモを保存";
    IvExportHtml => "Export HTML…", "HTML を書き出す…";
    IvExportMd => "Export Markdown…", "Markdown を書き出す…";
    Dataset => "Dataset", "データセット";
    OpenFolder => "Open folder…", "フォルダを開く…";
    OpenFolderHover => "Choose a dataset folder with the system dialog", "システムのダイアログでデータセットのフォルダを選びます";
    Load => "Load", "読み込む";
    PathHint => "Type a dataset folder path, or drop a folder on the window", "フォルダのパスを入力するか、フォルダをウィンドウにドロップ";
    Language => "Language", "言語";
    Cancel => "Cancel", "キャンセル";
    Dismiss => "Dismiss", "閉じる";
    StageLoad => "Loading files", "ファイルを読み込み中";
    StageEmbed => "Computing vectors", "ベクトルを計算中";
    StageIndex => "Building the index", "インデックスを構築中";
    StageProject => "Projecting to 2D", "2次元に射影中";
    Cancelled => "Cancelled. The previous dataset is still shown.", "キャンセルしました。前のデータセットをそのまま表示しています。";
    DialogNone => "No folder was chosen. If no dialog appeared, type the path or drop the folder on the window.", "フォルダが選ばれませんでした。ダイアログが出ない場合は、パスを入力するかフォルダをドロップしてください。";
    LoadFailed => "Could not open this dataset — the previous one stays open:", "このデータセットを開けませんでした（前のデータセットはそのまま使えます）：";
    Search => "Search", "検索";
    SearchHint => "name or id", "名前またはID";
    Items => "Items", "アイテム";
    Users => "Users", "ユーザー";
    FilterAll => "All", "すべて";
    FilterItems => "Items only", "アイテムのみ";
    FilterUsers => "Users only", "ユーザーのみ";
    ItemKind => "item", "アイテム";
    UserKind => "user", "ユーザー";
    Neighbours => "Nearest neighbours", "近傍（似ているもの）";
    NeighboursHint => "Click a point on the map or a name in the list.", "地図上の点かリストの名前をクリックしてください。";
    Euclidean => "Euclidean distance", "ユークリッド距離";
    EuclideanSub => "how far apart (smaller = nearer)", "どれだけ離れているか（小さいほど近い）";
    Cosine => "Cosine similarity", "コサイン類似度";
    CosineSub => "same direction? (1 = identical direction)", "向きが同じか（1 = 完全に同じ向き）";
    Shared => "{n} of {k} shared", "{k}件中{n}件が共通";
    OnlyHere => "only in this list", "このリストだけに登場";
    K => "k (neighbours per list)", "k（各リストの件数）";
    Show => "Show", "表示";
    VectorCard => "Vector card", "ベクトルカード";
    Raw => "raw", "元の値";
    Standardised => "standardised", "標準化後";
    Norm => "Length (norm) ‖v‖ = {v}", "長さ（ノルム）‖v‖ = {v}";
    WhyDisagree => "Euclidean distance counts both length and direction; cosine similarity looks only at the direction. Two vectors pointing the same way but of different length are far apart yet have similarity 1.", "ユークリッド距離は長さと向きの両方を、コサイン類似度は向きだけを見ます。同じ向きで長さの違うベクトルは、距離は遠くても類似度は1になります。";
    UserVectorNote => "A user's vector is the rating-weighted mean of the items they visited.", "ユーザーのベクトルは、訪れたアイテムのベクトルを評価で重み付けした平均です。";
    ZeroVector => "—  This is a zero vector (length 0): it has no direction, so cosine similarity is undefined.", "—  ゼロベクトル（長さ0）です。向きがないため、コサイン類似度は定義できません。";
    Rank => "#", "順位";
    Name => "Name", "名前";
    Distance => "distance", "距離";
    Similarity => "similarity", "類似度";
    Category => "Category", "カテゴリ";
    Vector => "Vector", "ベクトル";
    LegendUsers => "users", "ユーザー";
    LegendSelection => "selection", "選択中";
    LegendEuclid => "Euclidean neighbours", "ユークリッド距離の近傍";
    LegendCosine => "cosine neighbours", "コサイン類似度の近傍";
    MapAxes => "PCA: axis 1 explains {a}%, axis 2 {b}% of the variance", "PCA：第1軸が分散の{a}%、第2軸が{b}%を説明";
    Layout => "Map", "地図";
    LayoutHover => "PCA keeps straight-line directions of largest spread (fast, honest about distances, may overlap clusters). t-SNE keeps each point's neighbours together (clusters separate, but distances between clusters mean little).", "PCA はばらつきの大きい方向をそのまま残します（速く、距離に正直だが、クラスタが重なることも）。t-SNE は近傍同士をまとめます（クラスタは分かれるが、クラスタ間の距離にはあまり意味がない）。";
    AxisX => "X", "横軸";
    AxisY => "Y", "縦軸";
    RunTsne => "compute t-SNE", "t-SNE を計算";
    Perplexity => "perplexity", "パープレキシティ";
    Iterations => "iterations", "反復回数";
    TsneRunning => "t-SNE iteration {it} of {n}", "t-SNE 反復 {it} / {n}";
    Quality => "How much the map lies (k = {k}): trustworthiness {t} · neighbours kept {p}%", "地図の正直さ（k = {k}）：信頼度 {t} · 近傍の保持 {p}%";
    QualityHover => "Trustworthiness: 1 = no point looks close on the map while being far in the vectors. Neighbours kept: of each point's 10 nearest vectors, the share that are also among its 10 nearest on the map.", "信頼度：1 = ベクトルでは遠いのに地図上で近く見える点がない。近傍の保持：各点の最も近い 10 個のベクトルのうち、地図上でも近い 10 個に入っている割合。";
    QualityComputing => "measuring how much the map lies…", "地図の正直さを測定中…";
    ColorByQuality => "colour by neighbours kept", "近傍の保持で色分け";
    MapNeighbours => "nearest on the map", "地図上で近い点";
    Drag => "drag:", "ドラッグ：";
    TabInterviews => "Interviews", "インタビュー準備";
    Auditing => "auditing the data…", "データを監査中…";
    AuditOpen => "data audit…", "データの監査…";
    AuditCleanedOnScreen => "The map shows the data without the excluded rows (the files are unchanged).", "地図は除外した行を除いたデータを表示しています（ファイルは変更していません）。";
    CompareOpen => "compare runs…", "実行を比較…";
    CompareHowTo => "Choose two embedding methods computed for this dataset (switch methods in the top bar to compute more). B is rotated onto A; the table lists the items whose neighbours changed most.", "このデータセットで計算済みの 2 つの手法を選びます（上部バーで手法を切り替えると追加されます）。B を A に重ね、近傍が最も変わったアイテムを一覧にします。";
    CompareRun => "compare", "比較する";
    CompareNeedsTwo => "Only one method has been computed for this dataset so far: switch the method in the top bar once, then come back.", "このデータセットで計算した手法はまだ 1 つだけです。上部バーで手法を一度切り替えてから戻ってください。";
    WorkspaceWarning => "Workspace", "ワークスペース";
    RestoredRun => "restored from the workspace (run {id}): nothing was recomputed", "ワークスペースから復元しました（実行 {id}）：再計算していません";
    IndexLabel => "index:", "インデックス：";
    IndexExact => "exact", "厳密";
    IndexHnsw => "approximate (HNSW)", "近似（HNSW）";
    BuildingHnsw => "building the HNSW graphs…", "HNSW グラフを構築中…";
    Searching => "searching…", "検索中…";
    SourceExact => "exact: every point was compared", "厳密：すべての点と比較しました";
    SourceApprox => "approximate (HNSW): recall@10 ≈ {e} by distance, ≈ {c} by direction", "近似（HNSW）：再現率@10 ≈ 距離 {e}・向き {c}";
    SourceHover => "An HNSW graph answers by walking from neighbour to neighbour instead of comparing every point: much faster on large data, but it can miss a true neighbour. Recall@10 is the share of the true 10 nearest it returns, measured on 300 sample points when the graph was built.", "HNSW グラフはすべての点と比べる代わりに近傍から近傍へたどって答えます。大きなデータでは非常に速いものの、本当の近傍を取りこぼすことがあります。再現率@10 は本当の上位 10 件のうち返せた割合で、グラフ構築時に 300 点のサンプルで測定しています。";
    DragHover => "Pan moves the view (scroll to zoom, double-click to fit). Box and lasso mark the points inside what you draw.", "移動：表示を動かします（スクロールで拡大縮小、ダブルクリックで全体表示）。矩形・投げ縄：描いた範囲の点に印を付けます。";
    ToolPan => "pan", "移動";
    ToolBox => "box", "矩形";
    ToolLasso => "lasso", "投げ縄";
    ColorBy => "colour", "色分け";
    ColorCategory => "category", "カテゴリ";
    ColorCluster => "k-means clusters", "k-means クラスタ";
    ColorQuality => "neighbours kept", "近傍の保持";
    Clustering => "clustering…", "クラスタリング中…";
    FindHint => "find by name (regex)", "名前で検索（正規表現）";
    FindHover => "A regular expression over names and ids, case-insensitive: e.g. ^café, star(s)?$, c00[1-3]. Press Enter to mark the matches and select the first.", "名前とIDに対する正規表現（大文字小文字を区別しない）。例：^café、star(s)?$、c00[1-3]。Enter で一致した点に印を付け、最初の点を選択します。";
    Find => "find", "検索";
    FindInvalid => "not a valid pattern", "正しいパターンではありません";
    FindNone => "no matches", "一致なし";
    Marked => "marked", "印を付けた点";
    MarkedCount => "{n} marked", "{n} 点に印";
    ClearMarks => "clear marks", "印を消す";
    Counts => "{items} items · {users} users · {dim} dimensions", "アイテム{items}件・ユーザー{users}人・{dim}次元";
    NoData => "No dataset loaded yet.", "データセットがまだ読み込まれていません。";
    ClearSelection => "Clear selection", "選択を解除";
    UserVectorAls => "ALS learns user and item vectors together, so that a user's vector points towards the items they used (score = dot product).", "ALSはユーザーとアイテムのベクトルを同時に学習し、ユーザーのベクトルが利用したアイテムの方向を向くようにします（スコア＝内積）。";
    EvalTitle => "Offline evaluation: which method works on this data?", "オフライン評価：このデータで効くのはどの手法？";
    EvalRun => "Evaluate", "評価する";
    EvalRunning => "Evaluating…", "評価中…";
    EvalHint => "Each method learns from 80% of every user's interactions and tries to find the held-out 20% in its top 10.", "各手法はユーザーごとの利用履歴の80%で学習し、残り20%を上位10件で当てられるかを測ります。";
    EvalNeedsInteractions => "This dataset has no interactions, so there is nothing to hold out.", "このデータセットには利用履歴がないため、評価できません。";
    EvalSummary => "{users} users evaluated · {items} items · k = {k}", "評価ユーザー{users}人・アイテム{items}件・k = {k}";
    EvalMethodCol => "method", "手法";
    EvalVsPop => "recall vs popularity", "人気順比の再現率";
    EvalFit => "fit (s)", "学習（秒）";
    MethodPopularity => "popularity", "人気順";
    MethodContentEval => "text content", "テキスト（コンテンツ）";
    MethodRandom => "random", "ランダム";
    ScoreBy => "score by", "スコアの計算";
    MetricOverlap => "Same items in each top {n}: dot & cosine {dc} · cosine & Euclidean {ce} · dot & Euclidean {de}", "上位{n}件のうち共通：内積とコサイン {dc}件 · コサインとユークリッド {ce}件 · 内積とユークリッド {de}件";
    MetricRanks => "rank under each score (before re-ranking; — = not in that top list)", "各スコアでの順位（並べ替え前。— は上位に入らない）";
    ScoreByHover => "Dot product rewards long (popular, strongly-typed) item vectors, cosine looks only at direction, Euclidean at closeness: they give different lists.", "内積は長い（人気・特徴の強い）ベクトルを優遇し、コサインは向きだけ、ユークリッドは近さを見ます。結果のリストは変わります。";
    Funnel => "Two-stage funnel: {catalogue} items → {candidates} candidates → {shown} shown ({seen} already had)", "2段階の絞り込み：{catalogue}件 → 候補{candidates}件 → 表示{shown}件（利用済み{seen}件を除外）";
    FunnelHint => "Stage 1 retrieves the items nearest to the user; stage 2 re-ranks them with these weights. Arrows: how re-ranking moved an item.", "第1段階でユーザーに近いアイテムを取り出し、第2段階でこの重みで並べ替えます。矢印：並べ替えによる順位の変化。";
    WeightPopularity => "popularity", "人気";
    WeightRecency => "recency", "新しさ";
    WeightDiversity => "diversity (MMR)", "多様性（MMR）";
    Method => "Vectors", "ベクトル";
    MethodFeatures => "numeric features", "数値の特徴量";
    MethodAls => "ALS (collaborative)", "ALS（協調フィルタリング）";
    MethodText => "text (TF-IDF)", "テキスト（TF-IDF）";
    MethodHybrid => "hybrid", "ハイブリッド";
    MethodImported => "imported vectors", "取り込んだベクトル";
    MethodItem2Vec => "item2vec (sessions)", "item2vec（利用の流れ）";
    HybridWeight => "text weight", "テキストの重み";
    FeatureWeights => "feature weights…", "特徴量の重み…";
    FeatureWeightsHover => "How much each feature counts in the distance. 0 ignores it; 2 makes a difference in it count twice. The map and the neighbours follow when you release the slider.", "各特徴量が距離にどれだけ効くか。0 で無視、2 でその差を 2 倍に数えます。スライダーを離すと地図と近傍が更新されます。";
    ResetWeights => "all 1", "すべて 1 に戻す";
    HybridHover => "0 = collaborative only, 1 = text only. Items nobody has used yet borrow their collaborative part from similar texts (cold start).", "0 = 協調フィルタリングのみ、1 = テキストのみ。まだ誰も使っていないアイテムは、似たテキストのアイテムから協調部分を借ります（コールドスタート）。";
    MethodHover => "How items and users become vectors: from their numeric features (users = mean of what they visited), or learned from who interacted with what (implicit ALS).", "アイテムとユーザーをどうベクトルにするか：数値の特徴量から（ユーザーは利用したアイテムの平均）、または誰が何を利用したかから学習（implicit ALS）。";
    Recommendations => "Recommended for this user", "このユーザーへのおすすめ";
    RecsHint => "Items this user has not had yet, best first. \"Because\": the user's past items that contribute most, with their share.", "まだ利用していないアイテムを上位から。「理由」：スコアに最も効いた過去のアイテムとその割合。";
    Because => "because of", "理由";
    Score => "score", "スコア";
    MoreDims => "… and {n} more dimensions", "… ほか {n} 次元";
    TopFeatures => "matching features", "一致した特徴";
    KLimited => "Only {n} candidates are available, so the lists are shorter than k.", "候補が{n}件しかないため、リストはkより短くなります。";
    // The Learn tab (src/gui/learn/).
    TabMap => "Map", "地図";
    TabLearn => "Learn", "学ぶ";
    LearnBack => "← Back", "← 戻る";
    LearnNext => "Next →", "次へ →";
    LearnStepOf => "Step {n} of {total}", "ステップ {n} / {total}";
    LearnStepVector => "A thing as numbers", "モノを数字で表す";
    LearnStepDirection => "Distance vs direction", "距離と向き";
    LearnStepArithmetic => "Vector arithmetic", "ベクトルの足し算・引き算";
    LearnStepRecommend => "Recommending", "おすすめの仕組み";
    LearnStepTradeOffs => "Trade-offs", "トレードオフ";
    LearnSentenceVector => "To a computer, a café — or a song, or a customer — is just a row of numbers, and that row is a point on the map. Move a slider: the numbers change and the point moves.", "コンピュータにとって、カフェ（曲でも顧客でも）は数字の並びにすぎず、その並びが地図上の1点になります。スライダーを動かすと数字が変わり、点が動きます。";
    LearnSentenceDirection => "Euclidean distance asks how far apart two points are; cosine similarity asks only whether their arrows point the same way — so a stronger version of the same café can be far away yet almost perfectly similar.", "ユークリッド距離は2点がどれだけ離れているかを、コサイン類似度は矢印が同じ向きかどうかだけを見ます。そのため、同じ方向性で特徴がより強いカフェは、距離は遠くても類似度はほぼ1になります。";
    LearnSentenceArithmetic => "Subtracting B from A keeps only what makes A different from B; adding that difference to C asks which item is to C what A is to B.", "AからBを引くと「AがBと違う部分」だけが残ります。その違いをCに足すと、「AとBの関係」をCに当てはめた答えを探せます。";
    LearnSentenceRecommend => "A user becomes a vector too — the average of what they liked. Recommending is collecting the items nearest to that vector (stage 1) and re-ranking them (stage 2).", "ユーザーもベクトルになります。気に入ったものの平均です。おすすめとは、そのベクトルに近いアイテムを候補として集め（第1段階）、並べ替える（第2段階）ことです。";
    LearnSentenceTradeOffs => "Every choice — metric, method, index — buys something and costs something.", "指標・手法・インデックスの選び方には、必ず得るものと失うものがあります。";
    LearnTradeOffsPlaceholder => "Coming from the trade-off panel.", "トレードオフのパネルから追加予定です。";
    LearnItem => "Item", "アイテム";
    LearnNoRawUnits => "These vectors were learned from behaviour or text, not built from numeric features, so each slider moves one of the vector's own dimensions.", "このベクトルは数値の特徴量から作ったものではなく、行動やテキストから学習したものです。スライダーはベクトルの各次元を直接動かします。";
    LearnReset => "Reset", "元に戻す";
    LearnWhatIfNote => "Edits a copy only; the data files are not changed.", "変更するのはコピーだけです。データのファイルは変わりません。";
    LearnMoved => "The copy moved {d} on the map ({v} in the full vector space).", "コピーは地図上で {d} 移動しました（元の次元のベクトル空間では {v}）。";
    LearnNewNeighbours => "Nearest to the edited copy (the original left out)", "変更したコピーに近いもの（元のアイテムは除く）";
    LegendOriginal => "original", "元の位置";
    LegendWhatIf => "edited copy", "変更したコピー";
    LearnFirst => "First", "1つ目";
    LearnSecond => "Second", "2つ目";
    LearnDistanceValue => "Euclidean distance between the tips: {d}", "矢印の先端どうしのユークリッド距離：{d}";
    LearnAngleValue => "Angle between the arrows: {a}° · cosine similarity: {c}", "矢印のなす角：{a}° · コサイン類似度：{c}";
    LearnLengths => "Arrow lengths: {a} {la} · {b} {lb}", "矢印の長さ：{a} {la} · {b} {lb}";
    LearnFeature => "feature", "特徴量";
    LearnDoubleFeature => "Double the {feature} of {name}", "{name}の{feature}を2倍にする";
    LearnScaleVector => "Make the whole arrow of {name} twice as long", "{name}の矢印全体を2倍の長さにする";
    LearnScaled => "whole arrow × {s}", "矢印全体 × {s}";
    LearnSameDirection => "The direction did not change (cosine {c0} → {c1}), but the distance did: {d0} → {d1}.", "向きは変わらず（コサイン {c0} → {c1}）、距離だけが変わりました：{d0} → {d1}。";
    LearnBothChanged => "Distance {d0} → {d1}, cosine {c0} → {c1}: changing a single feature turns the arrow, not only its length.", "距離 {d0} → {d1}、コサイン {c0} → {c1}：特徴量を1つだけ変えると、長さだけでなく向きも変わります。";
    LearnRanks => "{b} is #{e} nearest to {a} by distance and #{c} by direction (among the items).", "{a}から見て、{b}は距離で{e}番目、向きで{c}番目に近いアイテムです。";
    LearnNeighboursOf => "Neighbours of {name}", "{name}の近傍";
    LearnPlaneAxes => "the plane through the origin and both arrows: lengths, angle and distance are the true ones", "原点と2本の矢印を含む平面（長さ・角度・距離は実際の値のまま）";
    LearnOriginAverage => "origin = the average item", "原点＝平均的なアイテム";
    LearnOriginZero => "origin = the zero vector", "原点＝ゼロベクトル";
    LearnBefore => "before", "変更前";
    LearnArcLabel => "θ = {a}° · cos = {c}", "θ = {a}° · cos = {c}";
    LearnA => "A", "A";
    LearnB => "− B", "− B";
    LearnC => "+ C", "+ C";
    LearnTarget => "A − B + C in the original units: {v}", "A − B + C を元の単位で表すと：{v}";
    LearnAnswers => "≈ {e} by distance · {c} by direction", "≈ 距離では {e} ・ 向きでは {c}";
    LearnAnalogyNote => "A, B and C themselves are left out of the answers (they are usually nearest and say nothing).", "A・B・C 自身は答えから除いています（たいてい一番近くなり、答えとして意味がないため）。";
    LearnParallel => "On the map, the dashed arrow B → A and the solid arrow C → ? are the same arrow: the map (PCA) is a linear projection, so a difference keeps its direction and length wherever it is added.", "地図上の破線の矢印 B → A と実線の矢印 C → ? は同じ矢印です。地図（PCA）は線形な射影なので、差はどこに足しても向きと長さが変わりません。";
    LegendDifference => "B → A (the difference A − B)", "B → A（差 A − B）";
    LegendApply => "C → ? (the same difference added to C)", "C → ?（同じ差を C に足す）";
    LegendTarget => "? = A − B + C", "? = A − B + C";
    LearnNoUsers => "No user has a vector in this dataset (no interactions), so there is nothing to recommend from.", "このデータセットには利用履歴がなく、ベクトルを持つユーザーがいないため、おすすめを作れません。";
    LearnUser => "User", "ユーザー";
    LearnLiked => "What {name} liked (weight = summed rating)", "{name}が気に入ったもの（重み＝評価の合計）";
    LearnWeight => "weight", "重み";
    LearnShare => "share", "割合";
    LearnMeanIs => "Their weighted mean, over {n} items:", "この{n}件の重み付き平均：";
    LearnMeanEqual => "This mean is exactly the user's point on the map.", "この平均が、そのまま地図上のユーザーの点です。";
    LearnMeanDiffers => "This method learns user vectors itself, so the user's point is not this mean (it is {d} away).", "この手法はユーザーのベクトルを自分で学習するため、ユーザーの点はこの平均とは一致しません（距離 {d}）。";
    LearnNearestItems => "Items nearest to {name}", "{name}に近いアイテム";
    LearnFunnelTitle => "From the catalogue to a short list, in two stages", "カタログから短いリストへ：2段階の絞り込み";
    LegendLiked => "liked", "気に入ったもの";
    LegendRecommended => "recommended", "おすすめ";
    LegendTheUser => "this user", "このユーザー";
    CompareTitle => "Comparing two runs (B aligned onto A)", "2つの実行の比較（BをAに重ねて）";
    CompareShared => "{shared} items in both runs · {a} only in A · {b} only in B", "両方にあるアイテム{shared}件・Aのみ{a}件・Bのみ{b}件";
    CompareDisparity => "Shape difference after alignment (Procrustes disparity): {d}", "重ねた後の形の違い（プロクラステス不一致度）：{d}";
    CompareDisparityHover => "Run B is rotated, shifted and scaled to lie over run A as well as it can. 0 = the same shape; 1 = nothing in common.", "実行Bを回転・平行移動・拡大縮小して、実行Aにできるだけ重ねます。0 = 同じ形、1 = まったく共通点なし。";
    CompareMirrored => "(B had to be mirrored)", "（Bは鏡像にして重ねました）";
    CompareMeanJaccard => "On average {p}% of an item's {k} nearest neighbours are the same in both runs", "各アイテムの近傍{k}件のうち、両方の実行で同じものは平均{p}%";
    CompareNoteK => "There are not enough shared items: k = {requested} was lowered to {used}.", "共通アイテムが足りないため、k = {requested} を {used} にしました。";
    CompareNotePadded => "Run A has {a} dimensions and run B {b}: the smaller was padded with zeros to align them.", "実行Aは{a}次元、実行Bは{b}次元のため、小さい方をゼロで埋めて重ねました。";
    CompareNoteZero => "{n} item(s) have a zero vector in run {run}: their neighbours mean nothing.", "実行{run}では{n}件のアイテムがゼロベクトルのため、その近傍に意味はありません。";
    CompareCategories => "How far each category's centre moved", "カテゴリごとの中心の移動";
    CompareShift => "shift", "中心の移動";
    CompareTableHint => "Click a column header to sort, an item to select it; hover an item for its neighbours in both runs.", "列の見出しをクリックで並べ替え、アイテムをクリックで選択。アイテムにカーソルを合わせると両方の実行での近傍を表示します。";
    CompareKept => "neighbours kept", "近傍の一致";
    CompareKeptHover => "Jaccard index of the item's k nearest neighbours in A and in B: 1 = the same neighbours, 0 = none in common.", "AとBでのk件の近傍集合のJaccard係数：1 = 同じ近傍、0 = 共通なし。";
    CompareMoved => "moved", "移動量";
    CompareMovedHover => "Distance between the item in run A and in aligned run B; 1 = as far as an average item is from the centre.", "実行Aと、重ねた後の実行Bでのアイテムの距離。1 = 平均的なアイテムの中心からの距離。";
    CompareNeighboursA => "neighbours in A", "Aでの近傍";
    CompareNeighboursB => "neighbours in B", "Bでの近傍";
    AuditTitle => "Data audit", "データの監査";
    AuditSummary => "{items} items · {users} users · {interactions} interactions · {empty}% of the user×item matrix empty", "アイテム{items}件・ユーザー{users}人・利用{interactions}件・ユーザー×アイテム行列の{empty}%が空";
    AuditGuidelineMet => "Meets the guideline for collaborative methods (≥ {items} items, ≥ {users} users): ALS and item2vec have enough data.", "協調フィルタリングの目安（アイテム{items}件以上・ユーザー{users}人以上）を満たしています。ALS や item2vec に十分なデータがあります。";
    AuditGuidelineBelow => "Below the guideline for collaborative methods (≥ {items} items, ≥ {users} users): prefer {methods}, and compare with ALS in the evaluation.", "協調フィルタリングの目安（アイテム{items}件以上・ユーザー{users}人以上）に届きません。{methods}を優先し、評価で ALS と比べてください。";
    AuditLongTail => "Interactions per user and per item (long tail)", "ユーザー・アイテムごとの利用数（ロングテール）";
    AuditBinsAxis => "interactions", "利用数";
    AuditCountAxis => "how many", "件数";
    AuditUsersSeries => "users", "ユーザー";
    AuditItemsSeries => "items", "アイテム";
    AuditNoProblems => "No data-quality problems found.", "データ品質の問題は見つかりませんでした。";
    AuditColFinding => "finding (tick to exclude)", "検出項目（チェックで除外）";
    AuditColSeverity => "kind", "種類";
    AuditColCount => "rows dropped", "除外される行";
    SeverityWarning => "problem", "問題";
    SeverityInfo => "info", "情報";
    FindingDuplicateItems => "Duplicate items under different ids", "IDの違う重複アイテム";
    FindingDuplicateItemRows => "Identical item rows", "まったく同じアイテム行";
    FindingNearDuplicateTexts => "Near-duplicate texts", "ほぼ同じテキスト";
    FindingDuplicateInteractions => "Repeated interaction rows", "重複した利用行";
    FindingSpamUsers => "Spam-like users (bursts)", "スパムのようなユーザー（短時間の大量操作）";
    FindingRepeatedTexts => "Same text repeated by many users", "多くのユーザーが繰り返す同じテキスト";
    FindingMissingValues => "Missing values", "欠損値";
    FindingSizeGuideline => "Size vs the guideline", "データ量と目安";
    FindingColdUsers => "Cold users (few interactions)", "コールドユーザー（利用が少ない）";
    FindingColdItems => "Cold items (few interactions)", "コールドアイテム（利用が少ない）";
    FindingMixedLanguages => "Mixed languages", "言語の混在";
    AuditRows => "rows ({n})", "行（{n}件）";
    AuditColTable => "table", "表";
    AuditColId => "id", "ID";
    AuditColLine => "line", "行番号";
    AuditColGroup => "group", "グループ";
    AuditColStatus => "if excluded", "除外すると";
    AuditColNote => "details", "詳細";
    AuditKept => "kept (first copy)", "残す（最初の1件）";
    AuditDropped => "dropped", "除外";
    AuditInteraction => "interaction", "利用";
    AuditThreshold => "near-duplicate threshold", "ほぼ同じとみなす閾値";
    AuditThresholdHover => "Two texts count as near-duplicates when the Jaccard similarity of their 5-character pieces reaches this (1 = identical after ignoring case, width and punctuation). The audit runs again when you release the slider.", "5文字ずつの断片のジャカード類似度がこの値以上なら、ほぼ同じテキストとみなします（1 = 大文字小文字・全角半角・句読点を無視して完全一致）。スライダーを離すと監査をやり直します。";
    AuditExcluding => "Excluding {items} items, {users} users and {interactions} interactions (and the interactions of excluded items and users). The files are not changed.", "アイテム{items}件・ユーザー{users}人・利用{interactions}件を除外します（除外したアイテムとユーザーの利用も除きます）。ファイルは変更しません。";
    AuditRerun => "Re-run without excluded rows", "除外した行なしで再実行";
    AuditRerunHover => "Compute vectors and the map again on a cleaned copy of the data.", "データのクリーンなコピーでベクトルと地図を計算し直します。";
    AuditMore => "… and {n} more", "… ほか{n}件";
    TradeoffTitle => "Trade-offs: dimension × index (latency / accuracy / memory)", "トレードオフ：次元数 × インデックス（速度・精度・メモリ）";
    TradeoffHint => "For each chosen dimension d, ALS learns d-dimensional vectors from 80% of every user's interactions; each index then answers every user's top {k}, one query at a time. Every number is measured now, on this data.", "選んだ次元数 d ごとに、ユーザーごとの利用履歴の80%から ALS で d 次元のベクトルを学習し、各インデックスで全ユーザーの上位{k}件を1件ずつ検索します。数値はすべて、このデータでいま測定したものです。";
    TradeoffDims => "dimensions", "次元数";
    TradeoffIndexes => "indexes", "インデックス";
    TradeoffExact => "exact", "厳密";
    TradeoffHnsw => "HNSW", "HNSW";
    TradeoffExactChoice => "exact (scan every item)", "厳密（全アイテムを走査）";
    TradeoffHnswChoice => "HNSW (approximate graph)", "HNSW（近似グラフ）";
    TradeoffMeasure => "Measure", "測定する";
    TradeoffMeasureHover => "Train ALS once per dimension and time each index on every user. Larger dimensions take longer to train and search.", "次元数ごとに ALS を1回学習し、各インデックスを全ユーザーで計測します。次元数が大きいほど学習と検索に時間がかかります。";
    TradeoffChooseSome => "Choose at least one dimension and one index.", "次元数とインデックスを1つ以上選んでください。";
    TradeoffMeasuring => "Measuring… {p}%", "測定中… {p}%";
    TradeoffEmpty => "Nothing measured yet: choose dimensions and indexes, then press Measure.", "まだ測定していません。次元数とインデックスを選んで「測定する」を押してください。";
    TradeoffSummary => "{users} users · {items} items · k = {k} · ALS {it} iterations per dimension · measured in {s} s", "ユーザー{users}人・アイテム{items}件・k = {k}・ALS は次元数ごとに{it}回反復・測定時間 {s} 秒";
    TradeoffColSetting => "setting", "設定";
    TradeoffColFit => "ALS fit (s)", "ALS 学習（秒）";
    TradeoffColVectors => "vectors", "ベクトル";
    TradeoffColIndex => "index size", "インデックスの大きさ";
    TradeoffColAllocated => "allocated", "確保したメモリ";
    TradeoffColBuild => "build (ms)", "構築（ミリ秒）";
    TradeoffColP50 => "median (µs)", "中央値（µs）";
    TradeoffColP95 => "p95 (µs)", "95%点（µs）";
    TradeoffColRecall => "recall@{k}", "再現率@{k}";
    TradeoffColNdcg => "nDCG@{k}", "nDCG@{k}";
    TradeoffColAgreement => "same as exact", "厳密との一致";
    TradeoffVectorsHover => "The item vectors themselves: items × d × 4 bytes.", "アイテムのベクトルそのもの：アイテム数 × d × 4 バイト。";
    TradeoffIndexHover => "What the index holds: the vectors for exact search; for HNSW the graph's links plus its own copy of the vectors.", "インデックスが持つデータ：厳密検索ではベクトル、HNSW ではグラフのリンクとベクトルのコピー。";
    TradeoffAllocatedHover => "Memory the index has reserved. usearch grows its arenas from 4 MiB, so small data look large here.", "インデックスが確保したメモリ。usearch は 4 MiB から領域を確保するため、小さなデータでは大きく見えます。";
    TradeoffLatencyHover => "Time for one user's top list (user vector → items, seen items left out), one query at a time on one thread.", "1人分の上位リストを出す時間（ユーザーのベクトル → アイテム、利用済みは除外）。1スレッドで1件ずつ計測。";
    TradeoffAgreementHover => "Share of the exact top list that this index also returned. HNSW walks a graph and can miss a true neighbour.", "厳密検索の上位リストのうち、このインデックスも返した割合。HNSW はグラフをたどるため、本当の近傍を取りこぼすことがあります。";
    TradeoffChartAccuracy => "Recall@{k} against query latency (up and to the left is better)", "再現率@{k} と検索時間（左上ほど良い）";
    TradeoffAxisLatency => "median latency per query (µs)", "1件あたりの検索時間の中央値（µs）";
    TradeoffChartMemory => "Index size by dimension", "次元数ごとのインデックスの大きさ";
    TradeoffAxisDim => "dimension d", "次元数 d";
    TradeoffAxisSize => "size ({unit})", "大きさ（{unit}）";
}

/// Replace `{name}` placeholders.
#[must_use]
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    args.iter().fold(template.to_owned(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// An error message in the UI language (English falls back to the error's own text).
#[must_use]
pub fn error_message(lang: Lang, e: &PipelineError) -> String {
    match (lang, e) {
        (Lang::Ja, PipelineError::Data(d)) => data_error_ja(d),
        (Lang::Ja, PipelineError::InvalidParams(m)) => format!("パラメータが正しくありません：{m}"),
        (Lang::Ja, PipelineError::Numerical { stage, reason }) => {
            format!("{stage} の計算に失敗しました：{reason}")
        }
        (Lang::Ja, PipelineError::Thread(m)) => {
            format!("ワーカースレッドを開始できませんでした：{m}")
        }
        (Lang::Ja, PipelineError::Cancelled) => tr(lang, Key::Cancelled).to_owned(),
        _ => e.to_string(),
    }
}

/// A query error in the UI language.
#[must_use]
pub fn query_error_message(lang: Lang, e: &QueryError) -> String {
    match (lang, e) {
        (_, QueryError::ZeroVector) => tr(lang, Key::ZeroVector).to_owned(),
        (Lang::Ja, QueryError::DimensionMismatch { expected, found }) => {
            format!("次元が一致しません（インデックス {expected} 次元、クエリ {found} 次元）")
        }
        (Lang::En, e) => e.to_string(),
    }
}

fn data_error_ja(e: &DataError) -> String {
    use DataError as D;
    match e {
        D::NotAFolder { path } => format!(
            "{}：データセットのフォルダではありません（存在しないか、ディレクトリではありません）",
            path.display()
        ),
        D::UnknownFormat { path } => format!(
            "{}：読み込める形式ではありません（items.csv のあるフォルダ、u.data・ratings.dat・ratings.csv + movies.csv のある MovieLens フォルダ、または user<TAB>item<TAB>rating<TAB>timestamp の行動ログファイルを指定してください）",
            path.display()
        ),
        D::MissingFile { file } => format!(
            "{file}：ファイルがありません（データセットのフォルダには items.csv が必要です）"
        ),
        D::Io { file, reason } => format!("{file}：ファイルを読めません：{reason}"),
        D::Empty { file } => format!("{file}：ファイルが空です（ヘッダー行とデータ行が必要です）"),
        D::HeaderOnly { file } => format!("{file}：ヘッダー行しかなく、データ行がありません"),
        D::MissingColumn {
            file,
            column,
            found,
        } => format!("{file}:1：必須の列「{column}」がありません（ヘッダーの列：{found}）"),
        D::NotANumber { at, found } => format!("{at}：数値が必要ですが「{found}」でした"),
        D::NotFinite { at, found } => format!(
            "{at}：有限の数値が必要ですが「{found}」でした（NaN や無限大は地図に置けません）"
        ),
        D::DuplicateId { at, id, first_line } => {
            format!("{at}：ID「{id}」が重複しています（最初は {first_line} 行目）")
        }
        D::UnknownId {
            at,
            kind,
            id,
            defined_in,
        } => {
            let kind = if *kind == "user" {
                "ユーザー"
            } else {
                "アイテム"
            };
            format!("{at}：不明な{kind}ID「{id}」です（{defined_in} にありません）")
        }
        D::EmptyValue { at } => format!("{at}：値が空です（ここには値が必要です）"),
        D::NotUtf8 { at } => {
            format!("{at}：UTF-8 として読めない文字があります（UTF-8 で保存してください）")
        }
        D::Ragged {
            at,
            expected,
            found,
        } => format!("{at}：ヘッダーと同じ {expected} 列が必要ですが {found} 列でした"),
        D::TooFewFields { at, found } => format!(
            "{at}：タブ区切りのユーザーIDとアイテムIDが必要です（user<TAB>item<TAB>rating<TAB>timestamp）が、{found} 列でした"
        ),
        D::Manifest { file, reason } => format!("{file}：{reason}"),
        D::NoFeatures { file } => {
            format!("{file}：数値の特徴量の列がないため、地図に置くものがありません")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_and_fill() {
        assert_eq!(Lang::from_locale(Some("ja-JP")), Lang::Ja);
        assert_eq!(Lang::from_locale(Some("en-US")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
        assert_eq!(
            fill(
                tr(Lang::En, Key::Shared),
                &[("n", "3".into()), ("k", "5".into())]
            ),
            "3 of 5 shared"
        );
        assert_eq!(
            fill(
                tr(Lang::Ja, Key::Shared),
                &[("n", "3".into()), ("k", "5".into())]
            ),
            "5件中3件が共通"
        );
    }

    #[test]
    fn errors_are_translated_with_location() {
        let e = PipelineError::Data(DataError::HeaderOnly {
            file: "items.csv".into(),
        });
        assert_eq!(
            error_message(Lang::En, &e),
            "items.csv: only a header line, no data rows"
        );
        assert_eq!(
            error_message(Lang::Ja, &e),
            "items.csv：ヘッダー行しかなく、データ行がありません"
        );
    }
}
