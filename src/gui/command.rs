//! The commands panels push for the app to carry out after the frame (they never change the
//! state while drawing it).

use std::path::PathBuf;

use super::i18n::Lang;
use super::state::{ExportKind, MapTool, MethodChoice, Tab};
use crate::pipeline::query::KindFilter;
use crate::recommend::rerank::RerankWeights;

/// A change requested by a panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Select a map point (or clear with `None`).
    Select(Option<usize>),
    /// Set k.
    SetK(usize),
    /// Set the neighbour filter.
    SetFilter(KindFilter),
    /// Switch language.
    SetLang(Lang),
    /// Load a dataset folder.
    Open(PathBuf),
    /// Change the hybrid's weight of text (re-embeds when the hybrid is shown).
    SetHybridWeight(f32),
    /// Re-embed the numeric features with these per-column weights (empty = all 1).
    SetFeatureWeights(Vec<f64>),
    /// Show principal components (x, y) on the map.
    ShowPca(usize, usize),
    /// Show the finished t-SNE layout.
    ShowTsne,
    /// Compute t-SNE in the worker (streams onto the map).
    RunTsne,
    /// Stop the t-SNE or UMAP layout being computed (the map keeps its last streamed layout).
    CancelLayout,
    /// t-SNE perplexity and iterations for the next run.
    SetTsneParams(f32, usize),
    /// Set t-SNE's seed, learning rate (`None` = auto) and PCA (else random) initialisation.
    SetTsneOptions {
        seed: u64,
        learning_rate: Option<f32>,
        pca_init: bool,
    },
    /// Show the finished UMAP layout.
    ShowUmap,
    /// Compute UMAP in the worker (streams onto the map).
    RunUmap,
    /// Parameters of the next UMAP run.
    SetUmapParams(crate::project::umap::UmapParams),
    /// What a drag on the map does.
    SetMapTool(MapTool),
    /// What the map's colours mean.
    SetColorBy(super::map_colors::ColorBy),
    /// Number of k-means clusters (re-clusters when colouring by cluster).
    SetClusterK(usize),
    /// Mark these map points (box, lasso, search); empty clears.
    Mark(Vec<usize>),
    /// Answer neighbour lists exactly or from HNSW graphs (built in the worker on demand).
    SetApproximate(bool),
    /// Open or close the data audit window.
    ShowAudit(bool),
    /// The audit findings ticked for exclusion.
    SetAuditExcluded(std::collections::BTreeSet<String>),
    /// Audit again with this near-duplicate threshold.
    Reaudit(f64),
    /// Run the pipeline on the dataset without the rows of the excluded findings.
    AuditRerun,
    /// Open or close the run comparison window.
    ShowCompare(bool),
    /// Compare the runs of these two methods (B aligned onto A).
    RunCompare(MethodChoice, MethodChoice),
    /// Compare these two runs saved in the workspace, by id (B aligned onto A).
    RunCompareStored(i64, i64),
    /// Sort the comparison table.
    SortCompare(super::compare_ui::SortColumn, bool),
    /// Fill the drift windows for the dataset on screen (its first and last whole quarter).
    InitDriftWindows,
    /// Edit the drift windows' texts (A, B).
    SetDriftWindows(String, String),
    /// Train ALS on each window of the dataset on screen and compare (B aligned onto A).
    RunDrift(
        crate::data::window::TimeWindow,
        crate::data::window::TimeWindow,
    ),
    /// Stop the drift comparison in flight.
    CancelDrift,
    /// Search the whole table behind a sampled dataset for this point's neighbours.
    SearchWholeTable(usize),
    /// Stop the whole-table search in flight.
    CancelWholeTable,
    /// Edit the map's find text.
    SetFind(String),
    /// Mark the points whose name or id matches the find text (a regular expression).
    Find,
    /// Score recommendations by dot product, cosine or Euclidean distance.
    SetScoreMetric(crate::recommend::ScoreMetric),
    /// Change the stage-2 re-ranking weights.
    SetRerank(RerankWeights),
    /// Switch the embedding method (re-embeds the loaded dataset).
    SetMethod(MethodChoice),
    /// How ALS applies λ (re-embeds ALS or the hybrid when on screen).
    SetAlsRegularization(crate::embed::als::RegularizationScale),
    /// Edit the evaluation's other path (vectors trained elsewhere, or the interactions).
    SetEvalOtherPath(String),
    /// Choose the evaluation's other path in the native dialog (on its own thread): a folder,
    /// or one file when `file`. The choice arrives as [`Command::SetEvalOtherPath`].
    PickEvalOtherPath {
        /// A single-file dataset rather than a folder.
        file: bool,
    },
    /// Show a dimension-reduced copy of the run's vectors (in the worker), or the full vectors
    /// again (`None`).
    UseReduced(Option<crate::project::reduce::ReduceParams>),
    /// Show the native folder dialog (on its own thread).
    PickFolder,
    /// Show the native file dialog (on its own thread): a single-file dataset (MovieLens
    /// ratings, interactions, projector vectors, word vectors, `.npy`, `.jsonl`, Parquet).
    PickFile,
    /// Pick the vector column at this index in the pending choice.
    SetVectorChoice(usize),
    /// Load the file again with the picked vector column.
    LoadVectorColumn,
    /// Close the vector column dialog without loading.
    DismissVectorChoice,
    /// Edit the name for the next bookmark.
    SetBookmarkName(String),
    /// Save the selection, marked points and map view under this name (replacing one).
    SaveBookmark(String),
    /// Restore the named bookmark's selection, marked points and view.
    RestoreBookmark(String),
    /// Delete the named bookmark.
    DeleteBookmark(String),
    /// Export the run on screen to a path, or (with `None`) to where a save dialog says; the
    /// dialog and the writing run on their own thread.
    Export(ExportKind, Option<PathBuf>),
    /// Cancel the running job.
    Cancel,
    /// Hide the banner.
    DismissBanner,
    /// Evaluate ALS, popularity and random on the current dataset.
    RunEval,
    /// Stop the evaluation.
    CancelEval,
    /// Hide the missing-Japanese-font notice.
    DismissCjkNotice,
    /// Edit the list's search text.
    SetSearch(String),
    /// Edit the dataset path field.
    SetPathText(String),
    /// Show the map or the Learn tab.
    SetTab(Tab),
    /// Show the A/B test planner and reader (the Learn tab's launch-decision step).
    OpenAbTest,
    /// Edit the goal & KPI card's draft.
    SetGoalDraft(crate::eval::goal::Goal),
    /// Keep the draft goal in the workspace with the dataset.
    SaveGoal,
    /// Show this tab of the right panel for the selected point.
    ShowSideTab(super::neighbours_ui::SideTab),
    /// How PCA maps size users against items.
    SetMapScale(super::map_scale::MapScale),
    /// Presenter mode (larger text and markers) on or off.
    SetPresenter(bool),
    /// Open the export panel (a typed path) for this kind, or close it with `None`.
    ShowExportPanel(Option<ExportKind>),
    /// Edit the export panel's path.
    SetExportPath(String),
    /// Open or close the text model picker (opening searches the model caches once).
    ShowModelPicker(bool),
    /// Edit the picker's typed folder path.
    SetModelPath(String),
    /// Use the model folder at this path (checked first; refused with a reason).
    ChooseModel(PathBuf),
    /// Show the system folder dialog for a model folder.
    PickModelFolder,
    /// The item columns the text model reads (empty = the defaults).
    SetTextColumns(Vec<String>),
    /// Text put before every item for the text model.
    SetTextPrefix(String),
    /// Embed the items with the chosen text model and show the result.
    EmbedTextModel,
    /// The hybrid's content part from the text model (true) or from TF-IDF.
    SetHybridTextModel(bool),
}
