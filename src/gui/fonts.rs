//! Fonts: egui's defaults plus the operating system's fonts for Japanese (through
//! `egui_system_font_provider`), watched so the app can say once, in English, when no installed
//! font can render Japanese (on Debian/Ubuntu: `apt install fonts-noto-cjk`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::epaint::text::{FallbackRequest, FontInsert, FontProvider};
use egui_system_font_provider::SystemFontProvider;

/// Wraps the system provider and records a miss for a CJK character.
struct Watched {
    inner: SystemFontProvider,
    missing: Arc<AtomicBool>,
}

impl FontProvider for Watched {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let found = self.inner.font_for(request);
        if found.is_none() && request.cluster.chars().next().is_some_and(is_cjk) {
            self.missing.store(true, Ordering::Relaxed);
        }
        found
    }
}

/// Is `c` a kana, CJK ideograph or full-width form?
#[must_use]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Install the watched system-font provider on `ctx`; the returned flag turns true when a
/// Japanese character could not be rendered. `locale` picks between CJK fonts (`"ja"`).
#[must_use = "the flag tells whether Japanese can be rendered"]
pub fn install(ctx: &egui::Context, locale: Option<&str>) -> Arc<AtomicBool> {
    let missing = Arc::new(AtomicBool::new(false));
    let inner = SystemFontProvider::new().with_locale(locale);
    ctx.add_font_provider(Arc::new(Watched {
        inner,
        missing: Arc::clone(&missing),
    }));
    missing
}
