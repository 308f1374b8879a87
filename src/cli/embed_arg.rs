//! The `--method` value naming an embedder, shared by `compare` and `export`.

use crate::embed::{EmbedParams, Method, als, hybrid, item2vec, tfidf_svd};

/// An embedding method on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum EmbedArg {
    Features,
    Als,
    Content,
    Hybrid,
    Item2vec,
    Imported,
}

impl EmbedArg {
    /// The method it names.
    pub(super) fn method(self) -> Method {
        match self {
            Self::Features => Method::Features,
            Self::Als => Method::Als,
            Self::Content => Method::Content,
            Self::Hybrid => Method::Hybrid,
            Self::Item2vec => Method::Item2Vec,
            Self::Imported => Method::Imported,
        }
    }

    /// The method with the library's default parameters (what `export` runs).
    pub(super) fn library_defaults(self) -> EmbedParams {
        match self {
            Self::Features => EmbedParams::default(),
            Self::Als => EmbedParams::Als(als::AlsParams::default()),
            Self::Content => EmbedParams::Content(tfidf_svd::TfidfSvdParams::default()),
            Self::Hybrid => EmbedParams::Hybrid(hybrid::HybridParams::default()),
            Self::Item2vec => EmbedParams::Item2Vec(item2vec::Item2VecParams::default()),
            Self::Imported => EmbedParams::Imported,
        }
    }
}
