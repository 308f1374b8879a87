//! Vector arithmetic: A − B + C ≈ ? ("king − man + woman ≈ queen"; for the cafés, "a quiet café −
//! quiet + lively ≈ ?"). The target vector is searched among the items under Euclidean distance
//! and cosine similarity, A, B and C themselves left out (they are usually nearest and say
//! nothing).

use super::RunOutput;
use crate::data::Kind;
use crate::index::{Hit, Metric, QueryError};

/// The answer to one analogy.
#[derive(Debug, Clone, PartialEq)]
pub struct Analogy {
    /// A − B + C.
    pub target: Vec<f32>,
    /// Nearest items to the target by distance (item rows), nearest first.
    pub euclidean: Vec<Hit>,
    /// Most similar items by direction; an error when the target is a zero vector.
    pub cosine: Result<Vec<Hit>, QueryError>,
}

/// Solve A − B + C among the items (rows `a`, `b`, `c`), `k` answers per metric.
///
/// # Errors
/// An item row out of range.
pub fn analogy(run: &RunOutput, a: u32, b: u32, c: u32, k: usize) -> Result<Analogy, String> {
    let items = run.data.items.len();
    for r in [a, b, c] {
        if r as usize >= items {
            return Err(format!("item row {r} is out of range ({items} items)"));
        }
    }
    let v = |r: u32| run.index.row(r as usize).to_vec();
    let (va, vb, vc) = (v(a), v(b), v(c));
    let target: Vec<f32> = va
        .iter()
        .zip(&vb)
        .zip(&vc)
        .map(|((x, y), z)| x - y + z)
        .collect();
    let admit =
        |p: usize| run.points[p].kind == Kind::Item && ![a, b, c].contains(&run.points[p].row);
    let search = |m: Metric| run.index.search(&target, k, m, admit);
    let euclidean = search(Metric::Euclidean).map_err(|e| e.to_string())?;
    let cosine = search(Metric::Cosine);
    Ok(Analogy {
        target,
        euclidean,
        cosine,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::progress::Progress;
    use crate::pipeline::{RunParams, run};

    #[test]
    fn king_minus_man_plus_woman_is_queen() {
        let dir = tempfile::tempdir().unwrap();
        // Dimensions: royalty, maleness, fruitiness.
        std::fs::write(
            dir.path().join("words.txt"),
            "king 1 1 0\nqueen 1 -1 0\nman 0 1 0\nwoman 0 -1 0\napple 0 0 1\nprince 0.9 1.2 0\n",
        )
        .unwrap();
        let out = run(
            &RunParams::new(dir.path().join("words.txt")),
            &Progress::silent(),
        )
        .unwrap();
        let row = |id: &str| out.data.items.find(id).unwrap();
        let a = analogy(&out, row("king"), row("man"), row("woman"), 2).unwrap();
        assert_eq!(a.target, [1.0, -1.0, 0.0]);
        assert_eq!(a.euclidean[0].row, row("queen"));
        assert!(a.euclidean[0].value.abs() < 1e-6);
        assert_eq!(a.cosine.as_ref().unwrap()[0].row, row("queen"));
        // A, B and C never answer.
        assert!(
            a.euclidean
                .iter()
                .all(|h| ![row("king"), row("man"), row("woman")].contains(&h.row))
        );
        // k larger than what is left: the three other words, once each.
        let all = analogy(&out, row("king"), row("man"), row("woman"), 50).unwrap();
        assert_eq!(all.euclidean.len(), 3);
        assert!(analogy(&out, 99, 0, 1, 2).is_err());
    }
}
