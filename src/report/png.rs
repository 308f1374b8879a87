//! The map as a PNG image: each point an anti-aliased disc in its colour on white, an optional
//! highlighted point ringed in black (and circled in red on a white halo), encoded with the `png` crate.
//!
//! Rasterising is hand-written rather than a plotting crate: a disc needs only its pixel
//! coverage, `clamp(r + ½ − distance, 0, 1)`, blended "over" the buffer. The view keeps the
//! map's aspect ratio (one scale for x and y, as on screen) and puts +y up. Also meant for the
//! interview sheets, which embed the same picture.

use ndarray::ArrayView2;

use crate::error::ReportError;

/// The background colour (opaque white).
pub const BACKGROUND: [u8; 4] = [255, 255, 255, 255];
/// Colour of a point without a category.
pub const NO_CATEGORY: [u8; 4] = [150, 150, 150, 255];
/// Category colours (Tableau 10), assigned in order of first appearance and then repeated.
pub const PALETTE: [[u8; 4]; 10] = [
    [78, 121, 167, 255],
    [242, 142, 43, 255],
    [225, 87, 89, 255],
    [118, 183, 178, 255],
    [89, 161, 79, 255],
    [237, 201, 72, 255],
    [176, 122, 161, 255],
    [255, 157, 167, 255],
    [156, 117, 95, 255],
    [186, 176, 172, 255],
];
/// Smallest and largest image side in pixels.
pub const SIDE_RANGE: (u32, u32) = (16, 8192);

/// One colour per label: the palette in order of first appearance, grey for `""`.
#[must_use]
pub fn category_colours(labels: &[&str]) -> Vec<[u8; 4]> {
    let mut seen: Vec<&str> = Vec::new();
    labels
        .iter()
        .map(|l| {
            if l.is_empty() {
                return NO_CATEGORY;
            }
            let i = seen.iter().position(|s| s == l).unwrap_or_else(|| {
                seen.push(l);
                seen.len() - 1
            });
            PALETTE[i % PALETTE.len()]
        })
        .collect()
}

/// Where map coordinates land in an image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    scale: f32,
    origin: [f32; 2],
    centre: [f32; 2],
    /// Disc radius in pixels.
    pub radius: f32,
}

impl Viewport {
    /// Fit the finite points of `xy` into an image of `size` (width, height) pixels.
    #[must_use]
    pub fn fit(xy: ArrayView2<'_, f32>, size: [u32; 2]) -> Self {
        let (w, h) = (size[0] as f32, size[1] as f32);
        let n = xy.nrows();
        let radius = (w.min(h) / 160.0).clamp(1.5, 6.0) * if n > 5000 { 0.6 } else { 1.0 };
        let mut lo = [f32::INFINITY; 2];
        let mut hi = [f32::NEG_INFINITY; 2];
        for row in xy.rows() {
            if row[0].is_finite() && row[1].is_finite() {
                for a in 0..2 {
                    lo[a] = lo[a].min(row[a]);
                    hi[a] = hi[a].max(row[a]);
                }
            }
        }
        if lo[0] > hi[0] {
            lo = [0.0; 2];
            hi = [0.0; 2];
        }
        let margin = 3.0 * radius + 0.02 * w.min(h);
        let span = |a: usize| (hi[a] - lo[a]).max(f32::EPSILON);
        let scale = ((w - 2.0 * margin) / span(0))
            .min((h - 2.0 * margin) / span(1))
            .max(0.0);
        Self {
            scale,
            origin: [f32::midpoint(lo[0], hi[0]), f32::midpoint(lo[1], hi[1])],
            centre: [w / 2.0, h / 2.0],
            radius,
        }
    }

    /// Pixel position (x right, y down) of map point (x, y).
    #[must_use]
    pub fn pixel(&self, x: f32, y: f32) -> [f32; 2] {
        [
            self.centre[0] + (x - self.origin[0]) * self.scale,
            self.centre[1] - (y - self.origin[1]) * self.scale,
        ]
    }
}

/// An RGBA image being drawn.
struct Canvas {
    w: usize,
    h: usize,
    rgba: Vec<u8>,
}

impl Canvas {
    /// Blend `colour` over pixel (x, y) with coverage `cover` (0–1).
    fn blend(&mut self, x: usize, y: usize, colour: [u8; 4], cover: f32) {
        let a = cover * f32::from(colour[3]) / 255.0;
        let i = (y * self.w + x) * 4;
        for (dst, src) in self.rgba[i..i + 3].iter_mut().zip(colour) {
            *dst = (f32::from(src) * a + f32::from(*dst) * (1.0 - a)).round() as u8;
        }
    }

    /// A filled disc (`width = None`) or a ring of `width` pixels around radius `r`.
    fn disc(&mut self, p: [f32; 2], r: f32, width: Option<f32>, colour: [u8; 4]) {
        let reach = r + 1.0;
        let x0 = (p[0] - reach).floor().max(0.0) as usize;
        let y0 = (p[1] - reach).floor().max(0.0) as usize;
        let x1 = ((p[0] + reach).ceil().max(0.0) as usize).min(self.w);
        let y1 = ((p[1] + reach).ceil().max(0.0) as usize).min(self.h);
        for y in y0..y1 {
            for x in x0..x1 {
                let d = (x as f32 + 0.5 - p[0]).hypot(y as f32 + 0.5 - p[1]);
                let cover = match width {
                    None => r + 0.5 - d,
                    Some(wd) => wd / 2.0 + 0.5 - (d - r).abs(),
                }
                .clamp(0.0, 1.0);
                if cover > 0.0 {
                    self.blend(x, y, colour, cover);
                }
            }
        }
    }
}

/// The map rasterised to RGBA bytes (row-major, `size[0] × size[1]` pixels, sides clamped to
/// [`SIDE_RANGE`]). `colours[i]` colours point `i` (grey when missing); `highlight` rings one
/// point and draws it on top.
#[must_use]
pub fn map_rgba(
    xy: ArrayView2<'_, f32>,
    colours: &[[u8; 4]],
    size: [u32; 2],
    highlight: Option<usize>,
) -> Vec<u8> {
    let size = size.map(|s| s.clamp(SIDE_RANGE.0, SIDE_RANGE.1));
    let (w, h) = (size[0] as usize, size[1] as usize);
    let mut canvas = Canvas {
        w,
        h,
        rgba: BACKGROUND.repeat(w * h),
    };
    if xy.ncols() < 2 {
        return canvas.rgba;
    }
    let view = Viewport::fit(xy, size);
    let colour = |i: usize| colours.get(i).copied().unwrap_or(NO_CATEGORY);
    let visible = |i: usize| xy[[i, 0]].is_finite() && xy[[i, 1]].is_finite();
    for i in (0..xy.nrows()).filter(|&i| visible(i)) {
        canvas.disc(
            view.pixel(xy[[i, 0]], xy[[i, 1]]),
            view.radius,
            None,
            colour(i),
        );
    }
    if let Some(i) = highlight.filter(|&i| i < xy.nrows() && visible(i)) {
        let p = view.pixel(xy[[i, 0]], xy[[i, 1]]);
        canvas.disc(p, view.radius * 1.5, None, colour(i));
        canvas.disc(p, view.radius * 2.5, Some(1.5), [0, 0, 0, 255]);
        // A wide ring on a white halo, so the point is found at a glance even inside a dense
        // cluster (the small ring alone was easy to miss on a printed sheet).
        let far = (view.radius * 6.0).max(9.0);
        canvas.disc(p, far, Some(4.0), [255, 255, 255, 230]);
        canvas.disc(p, far, Some(2.0), [200, 0, 0, 255]);
    }
    canvas.rgba
}

/// The map as PNG bytes; see [`map_rgba`] for the drawing.
///
/// # Errors
/// [`ReportError::Png`] if the encoder fails (it writes to memory, so only on a bug).
pub fn map_png(
    xy: ArrayView2<'_, f32>,
    colours: &[[u8; 4]],
    size: [u32; 2],
    highlight: Option<usize>,
) -> Result<Vec<u8>, ReportError> {
    let size = size.map(|s| s.clamp(SIDE_RANGE.0, SIDE_RANGE.1));
    let rgba = map_rgba(xy, colours, size, highlight);
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, size[0], size[1]);
    encoder.set_color(::png::ColorType::Rgba);
    encoder.set_depth(::png::BitDepth::Eight);
    let fail = |e: ::png::EncodingError| ReportError::Png(e.to_string());
    let mut writer = encoder.write_header().map_err(fail)?;
    writer.write_image_data(&rgba).map_err(fail)?;
    writer.finish().map_err(fail)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn pixel(rgba: &[u8], w: usize, p: [f32; 2]) -> [u8; 4] {
        let i = (p[1] as usize * w + p[0] as usize) * 4;
        [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]
    }

    #[test]
    fn colours_by_first_appearance() {
        let c = category_colours(&["b", "a", "b", "", "c"]);
        assert_eq!(
            c,
            [PALETTE[0], PALETTE[1], PALETTE[0], NO_CATEGORY, PALETTE[2]]
        );
    }

    #[test]
    fn viewport_keeps_aspect_and_puts_y_up() {
        let xy = array![[0.0_f32, 0.0], [2.0, 1.0]];
        let v = Viewport::fit(xy.view(), [200, 200]);
        let a = v.pixel(0.0, 0.0);
        let b = v.pixel(2.0, 1.0);
        // Same scale on both axes: the x span is twice the y span on screen too.
        assert!(((b[0] - a[0]) - 2.0 * (a[1] - b[1])).abs() < 1e-3);
        assert!(b[1] < a[1], "+y is up");
        assert!((a[0] + b[0] - 200.0).abs() < 1e-3, "centred");
    }

    #[test]
    fn points_in_their_colours_and_a_ringed_highlight() {
        let xy = array![[0.0_f32, 0.0], [1.0, 1.0], [1.0, 0.0]];
        let red = [255, 0, 0, 255];
        let blue = [0, 0, 255, 255];
        let size = [120, 100];
        let rgba = map_rgba(xy.view(), &[red, blue], size, Some(0));
        assert_eq!(rgba.len(), 120 * 100 * 4);
        let v = Viewport::fit(xy.view(), size);
        assert_eq!(pixel(&rgba, 120, v.pixel(0.0, 0.0)), red);
        assert_eq!(pixel(&rgba, 120, v.pixel(1.0, 1.0)), blue);
        // No colour given for the third point: grey.
        assert_eq!(pixel(&rgba, 120, v.pixel(1.0, 0.0)), NO_CATEGORY);
        assert_eq!(pixel(&rgba, 120, [0.0, 0.0]), BACKGROUND);
        // The ring around the highlighted point is dark.
        let p = v.pixel(0.0, 0.0);
        let ring = pixel(&rgba, 120, [p[0] + v.radius * 2.5, p[1]]);
        assert!(ring[0] < 128 && ring[1] < 128, "{ring:?}");
        // And circled in red further out.
        let far = (v.radius * 6.0).max(9.0);
        assert_eq!(pixel(&rgba, 120, [p[0], p[1] - far]), [200, 0, 0, 255]);
    }

    #[test]
    fn png_decodes_to_the_same_pixels() {
        let xy = array![[0.0_f32, 0.0], [3.0, -1.0]];
        let colours = [[10, 200, 30, 255], [200, 10, 30, 255]];
        let bytes = map_png(xy.view(), &colours, [64, 48], None).unwrap();
        let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (64, 48));
        assert_eq!(
            &buf[..info.buffer_size()],
            map_rgba(xy.view(), &colours, [64, 48], None)
        );
    }
}
