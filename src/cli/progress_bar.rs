//! A one-line progress report on stderr for long commands (the text model): done / total,
//! percent, rate and time left, redrawn in place. Only when stderr is a terminal: piped or
//! captured output gets no control characters.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Instant;

use crate::pipeline::progress::{CancelToken, Progress, Stage};

/// Below this many steps a stage is quick and not drawn.
const MIN_TOTAL: u64 = 100;

/// `embed  2,345 / 5,000  47 %  950 /s  3 s left`.
#[must_use]
pub(super) fn line(stage: Stage, done: u64, total: u64, secs: f64) -> String {
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    let left = if rate > 0.0 && done < total {
        format!("  {:.0} s left", (total - done) as f64 / rate)
    } else {
        String::new()
    };
    format!(
        "{:<8}{done:>8} / {total}  {pct:>3} %  {rate:.0} /s{left}",
        stage.as_str()
    )
}

/// A [`Progress`] drawing [`line`] on stderr (silent when stderr is not a terminal).
#[must_use]
pub(super) fn stderr_progress() -> Progress {
    if !std::io::stderr().is_terminal() {
        return Progress::silent();
    }
    let start: Mutex<Option<(Stage, Instant)>> = Mutex::new(None);
    Progress::new(CancelToken::default(), move |stage, done, total| {
        if total < MIN_TOTAL {
            return true;
        }
        let mut s = start
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let began = match *s {
            Some((st, t)) if st == stage => t,
            _ => {
                let t = Instant::now();
                *s = Some((stage, t));
                t
            }
        };
        let text = line(stage, done, total, began.elapsed().as_secs_f64());
        let mut err = std::io::stderr().lock();
        let end = if done >= total { "\n" } else { "" };
        // A closed stderr is not a reason to stop the work.
        let _ = write!(err, "\r{text}\x1b[K{end}");
        let _ = err.flush();
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_reads_rate_and_time_left() {
        let s = line(Stage::Embed, 2500, 5000, 2.5);
        assert!(s.starts_with("embed"), "{s}");
        assert!(s.contains("2500 / 5000"), "{s}");
        assert!(s.contains(" 50 %"), "{s}");
        assert!(s.contains("1000 /s"), "{s}");
        assert!(s.contains("2 s left") || s.contains("3 s left"), "{s}");
        assert!(!line(Stage::Embed, 5000, 5000, 5.0).contains("left"));
    }
}
