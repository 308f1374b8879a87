//! Warnings a projection returns with its result: things the user should know about a layout
//! that is still valid (a parameter lowered, a degenerate input, a sample instead of every
//! point). Typed, so the GUI can word them in its language; `Display` is the English text the
//! CLI prints and puts in its JSON.

/// Something the user should know about a finished projection.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectionWarning {
    /// The perplexity was too large for the number of points and was lowered.
    PerplexityClamped {
        /// The perplexity asked for.
        requested: f32,
        /// The perplexity used: (points − 1) / 3.
        used: f32,
        /// Points laid out.
        points: usize,
    },
    /// UMAP's neighbour count was too large for the number of points and was lowered.
    NeighboursClamped {
        /// The neighbours asked for.
        requested: usize,
        /// The neighbours used: points − 1.
        used: usize,
        /// Points laid out.
        points: usize,
    },
    /// Every point is the same vector: all are placed on one spot.
    IdenticalPoints,
    /// The method laid out a random sample; the other points were placed near their nearest
    /// sampled points.
    Sampled {
        /// The method ("t-SNE", "UMAP").
        method: &'static str,
        /// Points in the sample.
        sample: usize,
        /// All points.
        total: usize,
        /// Seed of the sample.
        seed: u64,
        /// Sampled neighbours whose weighted mean places each other point.
        neighbours: usize,
    },
}

impl std::fmt::Display for ProjectionWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PerplexityClamped {
                requested,
                used,
                points,
            } => write!(
                f,
                "perplexity {requested} is too large for {points} points (at most (n − 1)/3 = {used:.1}); using {used:.1}"
            ),
            Self::NeighboursClamped {
                requested,
                used,
                points,
            } => write!(
                f,
                "{requested} neighbours are too many for {points} points (at most n − 1 = {used}); using {used}"
            ),
            Self::IdenticalPoints => {
                f.write_str("all points are identical: the map puts them on one spot")
            }
            Self::Sampled {
                method,
                sample,
                total,
                seed,
                neighbours,
            } => write!(
                f,
                "{method} laid out a random sample of {sample} of the {total} points (seed {seed}); the other {} were placed at the weighted mean of their {neighbours} nearest sampled points",
                total - sample
            ),
        }
    }
}
