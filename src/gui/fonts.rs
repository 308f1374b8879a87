//! Fonts: egui's defaults, then the operating system's fonts (through
//! `egui_system_font_provider`), then a Japanese font bundled in the binary, so the app shows
//! Japanese on a machine with no CJK font at all (a fresh Linux install, a CI runner).
//!
//! The bundled font is a subset of Noto Sans CJK JP Regular (SIL Open Font License 1.1, licence
//! in `assets/fonts/OFL.txt`): ASCII and Latin-1, kana, all of JIS X 0208 (the 6,355 level 1 + 2
//! kanji and its symbols), full-width forms and every character of the app's sources and samples,
//! 1.6 MB as CFF outlines, which egui 0.37 reads through skrifa. `assets/fonts/make_subset.py`
//! makes it. It comes after the system fonts: an installed Japanese font (which also covers
//! rarer kanji) wins, the bundled one fills the gaps.
//!
//! `skrifa` (the font reader egui itself uses, same version) answers whether the bundled font
//! has a character, so the app can still say when a character has no font anywhere.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::FontData;
use egui::epaint::text::{FallbackRequest, FontInsert, FontProvider};
use egui_system_font_provider::SystemFontProvider;
use skrifa::MetadataProvider as _;

/// The bundled Japanese font (see the module docs).
pub const BUNDLED_JP: &[u8] = include_bytes!("../../assets/fonts/NotoSansJP-subset.otf");

/// The name the bundled font is installed under.
pub const BUNDLED_JP_NAME: &str = "bundled:NotoSansJP-subset";

/// Does the bundled font have a glyph for `c`?
#[must_use]
pub fn bundled_has(c: char) -> bool {
    skrifa::FontRef::new(BUNDLED_JP).is_ok_and(|font| font.charmap().map(c).is_some())
}

/// The system provider, then the bundled font; records a miss for a CJK character.
struct WithBundled {
    system: Option<SystemFontProvider>,
    missing: Arc<AtomicBool>,
}

impl FontProvider for WithBundled {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let first = request.cluster.chars().next()?;
        let found = self
            .system
            .as_ref()
            .and_then(|system| system.font_for(request))
            .or_else(|| {
                bundled_has(first).then(|| {
                    // egui adds the requested family itself (and dedups the face by name).
                    FontInsert::new(BUNDLED_JP_NAME, FontData::from_static(BUNDLED_JP), vec![])
                })
            });
        if found.is_none() && is_cjk(first) {
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

/// Install the system-font provider backed by the bundled Japanese font on `ctx`; the returned
/// flag turns true when a Japanese character could not be rendered by either. `locale` picks
/// between CJK system fonts (`"ja"`).
#[must_use = "the flag tells whether Japanese can be rendered"]
pub fn install(ctx: &egui::Context, locale: Option<&str>) -> Arc<AtomicBool> {
    install_with(ctx, Some(SystemFontProvider::new().with_locale(locale)))
}

/// Install the bundled font alone, as on a machine without any system font (tests).
#[must_use = "the flag tells whether Japanese can be rendered"]
pub fn install_bundled_only(ctx: &egui::Context) -> Arc<AtomicBool> {
    install_with(ctx, None)
}

fn install_with(ctx: &egui::Context, system: Option<SystemFontProvider>) -> Arc<AtomicBool> {
    let missing = Arc::new(AtomicBool::new(false));
    ctx.add_font_provider(Arc::new(WithBundled {
        system,
        missing: Arc::clone(&missing),
    }));
    missing
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::atomic::Ordering;

    use super::{BUNDLED_JP_NAME, bundled_has, install_bundled_only, is_cjk};

    /// Every CJK character of the app's own sources (the i18n tables) and samples.
    fn repo_cjk_chars() -> Vec<char> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("src"), root.join("sample_data")];
        let mut chars = Vec::new();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.ends_with("src/gui/fonts.rs") {
                    // These tests name characters outside the subset on purpose.
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    chars.extend(text.chars().filter(|&c| is_cjk(c)));
                }
            }
        }
        chars.sort_unstable();
        chars.dedup();
        chars
    }

    #[test]
    fn bundled_font_covers_kana_jis_kanji_and_full_width_forms() {
        for c in
            "あいうえおゔアイウエオヴー々〆「」、。・．（）０９ＡＺｶﾞ日本語東京亜唖腕弌熙黒堯槇遙"
                .chars()
        {
            assert!(
                bundled_has(c),
                "{c} (U+{:04X}) not in the bundled font",
                c as u32
            );
        }
        // Outside the subset (a CJK Extension A ideograph and a Hangul syllable).
        assert!(!bundled_has('㐀'));
        assert!(!bundled_has('한'));
    }

    #[test]
    fn bundled_font_covers_every_japanese_character_of_the_app() {
        let chars = repo_cjk_chars();
        assert!(
            chars.len() > 500,
            "only {} CJK characters found",
            chars.len()
        );
        let missing: String = chars.into_iter().filter(|&c| !bundled_has(c)).collect();
        assert!(
            missing.is_empty(),
            "not in the bundled font (rerun assets/fonts/make_subset.py): {missing}"
        );
    }

    #[test]
    fn bundled_font_renders_japanese_without_system_fonts() {
        let ctx = egui::Context::default();
        let missing = install_bundled_only(&ctx);
        let font = egui::FontId::proportional(14.0);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let galley = ui.ctx().fonts_mut(|f| {
                assert!(f.has_glyphs(&font, "日本語のテスト"));
                f.layout_no_wrap(
                    "日本語のテスト".to_owned(),
                    font.clone(),
                    egui::Color32::WHITE,
                )
            });
            assert!(galley.size().x > 14.0 * 6.0, "width {}", galley.size().x);
        });
        output.textures_delta.clear();
        ctx.fonts(|f| {
            let names: Vec<&str> = f
                .discovered_fonts()
                .iter()
                .map(|i| i.name.as_str())
                .collect();
            assert_eq!(names, [BUNDLED_JP_NAME]);
        });
        assert!(!missing.load(Ordering::Relaxed));
    }

    #[test]
    fn a_character_outside_every_font_raises_the_flag() {
        let ctx = egui::Context::default();
        let missing = install_bundled_only(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let font = egui::FontId::proportional(14.0);
            assert!(!ui.ctx().fonts_mut(|f| f.has_glyph(&font, '㐀')));
        });
        output.textures_delta.clear();
        assert!(missing.load(Ordering::Relaxed));
    }
}
