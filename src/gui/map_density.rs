//! The map as a density image, for views with too many points to draw one by one.
//!
//! egui_plot tessellates every marker every frame (≈10 ms of CPU at 100k points, ≈130 ms at 1M
//! here), so when more than [`POINT_LIMIT`] points are in view the map is rasterised instead:
//! one pass bins the points into the plot's pixels, each pixel takes the mean colour of its
//! points and an opacity that grows with the log of their count (so single outliers stay
//! visible next to dense clusters). The image is uploaded as one texture and only recomputed
//! when the view, the plot size or the colouring changes.

use egui::{Color32, ColorImage, TextureHandle, TextureOptions};

/// Most points drawn as individual markers; above this the view is drawn as a density image.
pub const POINT_LIMIT: usize = 20_000;

/// What a cached image was drawn for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RasterKey {
    /// Plot bounds: min x, min y, max x, max y.
    pub bounds: [f64; 4],
    /// Image size in pixels.
    pub size: [usize; 2],
    /// Changes whenever positions or colours change.
    pub generation: u64,
    /// The legend groups hidden (bit g set: group g hidden; groups past 64 share bit 63).
    pub hidden: u64,
}

/// The bit mask of hidden legend groups for [`RasterKey::hidden`].
#[must_use]
pub fn hidden_mask(hidden: &[bool]) -> u64 {
    hidden
        .iter()
        .enumerate()
        .filter(|(_, off)| **off)
        .fold(0, |m, (g, _)| m | 1 << g.min(63))
}

/// Counts up to this get their opacity from a precomputed table.
const ALPHA_TABLE: u32 = 65_536;

/// Bin `xy` into a `size[0] × size[1]` image covering `bounds` (min x, min y, max x, max y;
/// row 0 is the top, i.e. max y).
#[must_use]
pub fn rasterize(
    xy: &[[f64; 2]],
    colors: &[Color32],
    bounds: [f64; 4],
    size: [usize; 2],
) -> ColorImage {
    rasterize_shown(xy, colors, |_| true, bounds, size).0
}

/// [`rasterize`] of the points `shown(i)` keeps (those of legend groups not hidden), with the
/// number of points drawn.
#[must_use]
pub fn rasterize_shown(
    xy: &[[f64; 2]],
    colors: &[Color32],
    shown: impl Fn(usize) -> bool,
    bounds: [f64; 4],
    size: [usize; 2],
) -> (ColorImage, usize) {
    let [w, h] = [size[0].max(1), size[1].max(1)];
    let mut acc: Accumulator = vec![[0u32; 4]; w * h];
    let sx = w as f64 / (bounds[2] - bounds[0]).max(f64::MIN_POSITIVE);
    let sy = h as f64 / (bounds[3] - bounds[1]).max(f64::MIN_POSITIVE);
    let mut drawn = 0;
    for (i, (p, c)) in xy.iter().zip(colors).enumerate() {
        if !shown(i) {
            continue;
        }
        let fx = (p[0] - bounds[0]) * sx;
        let fy = (bounds[3] - p[1]) * sy;
        // Points on the view's max edge (the data's extreme points) go to the last pixel.
        if !(fx >= 0.0 && fy >= 0.0 && fx <= w as f64 && fy <= h as f64) {
            continue; // outside the view, or NaN
        }
        let a = &mut acc[(fy as usize).min(h - 1) * w + (fx as usize).min(w - 1)];
        a[0] += u32::from(c.r());
        a[1] += u32::from(c.g());
        a[2] += u32::from(c.b());
        a[3] += 1;
        drawn += 1;
    }
    (finish(&acc, [w, h]), drawn)
}

/// Per pixel: red, green, blue sums and the count, side by side (one cache line per hit).
pub(crate) type Accumulator = Vec<[u32; 4]>;

/// The image of binned points: each pixel the mean colour of its points, with an opacity that
/// grows with the log of their count.
pub(crate) fn finish(acc: &[[u32; 4]], [w, h]: [usize; 2]) -> ColorImage {
    let max = acc.iter().map(|a| a[3]).max().unwrap_or(0).max(1);
    let log_max = f64::from(max).ln_1p();
    // Opacity by count from a table: a logarithm per pixel cost more than the whole binning.
    let alpha_of = |n: u32| ((0.45 + 0.55 * f64::from(n).ln_1p() / log_max) * 255.0) as u8;
    let table: Vec<u8> = (0..=max.min(ALPHA_TABLE)).map(alpha_of).collect();
    let pixels = acc
        .iter()
        .map(|&[r, g, b, n]| {
            if n == 0 {
                return Color32::TRANSPARENT;
            }
            let alpha = table
                .get(n as usize)
                .copied()
                .unwrap_or_else(|| alpha_of(n));
            Color32::from_rgba_unmultiplied((r / n) as u8, (g / n) as u8, (b / n) as u8, alpha)
        })
        .collect();
    ColorImage {
        size: [w, h],
        source_size: egui::vec2(w as f32, h as f32),
        pixels,
    }
}

/// The density texture, cached in the egui context's temporary data.
#[derive(Clone)]
struct Cached {
    key: RasterKey,
    texture: TextureHandle,
    /// Points drawn into the image.
    drawn: usize,
}

/// The bounds the cached density image was drawn for, if one is cached (the frame benchmark
/// uses it to check that panning really re-rasterises).
#[must_use]
pub fn cached_bounds(ctx: &egui::Context) -> Option<[f64; 4]> {
    let id = egui::Id::unique("embedscope.map.density");
    ctx.data(|d| d.get_temp::<Cached>(id)).map(|c| c.key.bounds)
}

/// How many points the cached density image shows (hidden legend groups are left out).
#[must_use]
pub fn cached_points(ctx: &egui::Context) -> Option<usize> {
    let id = egui::Id::unique("embedscope.map.density");
    ctx.data(|d| d.get_temp::<Cached>(id)).map(|c| c.drawn)
}

/// The texture for `key` (points of the groups `hidden` marks are left out), rasterised only
/// when the key differs from the cached one, from the points in the grid's cell order
/// ([`super::map_grid::CellOrder`]; [`rasterize_shown`] is the plain reference).
#[must_use]
pub fn texture(
    ctx: &egui::Context,
    key: RasterKey,
    map: &super::map_data::MapData,
    hidden: &[bool],
) -> egui::TextureId {
    let id = egui::Id::unique("embedscope.map.density");
    if let Some(c) = ctx.data(|d| d.get_temp::<Cached>(id))
        && c.key == key
    {
        return c.texture.id();
    }
    let (image, drawn) =
        map.cells
            .rasterize(&map.grid, &map.coloring.group, hidden, key.bounds, key.size);
    let texture = ctx.load_texture("map-density", image, TextureOptions::NEAREST);
    let tid = texture.id();
    ctx.data_mut(|d| {
        d.insert_temp(
            id,
            Cached {
                key,
                texture,
                drawn,
            },
        );
    });
    tid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_land_in_their_pixels_with_mean_colour_and_log_opacity() {
        let red = Color32::from_rgb(200, 0, 0);
        let blue = Color32::from_rgb(0, 0, 100);
        // A 4 × 2 image over [0, 4] × [0, 2]: pixel (col, row) covers x ∈ [col, col+1),
        // y ∈ (2 − row − 1, 2 − row].
        let xy = [
            [0.5, 1.5],
            [0.5, 1.6],
            [3.5, 0.5],
            [3.9, 0.1],
            [9.0, 9.0],
            [f64::NAN, 0.0],
        ];
        let colors = [red, blue, red, red, red, red];
        let img = rasterize(&xy, &colors, [0.0, 0.0, 4.0, 2.0], [4, 2]);
        assert_eq!(img.size, [4, 2]);
        let top_left = img.pixels[0];
        let bottom_right = img.pixels[7];
        // Two points each: mean of red and blue → (100, 0, 50); both at full opacity.
        let tl = top_left.to_srgba_unmultiplied();
        assert_eq!([tl[0], tl[1], tl[2], tl[3]], [100, 0, 50, 255]);
        assert_eq!(bottom_right.to_srgba_unmultiplied()[3], 255);
        assert_eq!(img.pixels.iter().filter(|p| p.a() > 0).count(), 2);
    }

    #[test]
    fn points_of_hidden_groups_are_left_out() {
        let xy = [[0.5, 0.5], [1.5, 0.5], [1.6, 0.6]];
        let colors = [Color32::WHITE; 3];
        let group = [0, 1, 1];
        let hidden = [false, true];
        let (img, drawn) = rasterize_shown(
            &xy,
            &colors,
            |i| !hidden[group[i]],
            [0.0, 0.0, 2.0, 1.0],
            [2, 1],
        );
        assert_eq!(drawn, 1);
        assert!(img.pixels[0].a() > 0);
        assert_eq!(img.pixels[1].a(), 0, "the hidden group's pixel is empty");
        assert_eq!(hidden_mask(&hidden), 0b10);
        assert_eq!(hidden_mask(&[false; 3]), 0);
    }

    #[test]
    fn a_lone_point_stays_visible_next_to_a_crowd() {
        let mut xy = vec![[0.5, 0.5]; 1000];
        xy.push([1.5, 0.5]);
        let colors = vec![Color32::WHITE; xy.len()];
        let img = rasterize(&xy, &colors, [0.0, 0.0, 2.0, 1.0], [2, 1]);
        let lone = img.pixels[1].to_srgba_unmultiplied()[3];
        assert!(lone >= 120, "alpha of a single point: {lone}");
        assert_eq!(img.pixels[0].to_srgba_unmultiplied()[3], 255);
    }
}
