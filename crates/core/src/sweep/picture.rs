//! A map as a plain raster (no text): the map's pixels scaled up, the minima ringed, the
//! theory curve dashed; and the lr sweep's curves. `descent map --out` writes it; the window
//! draws the same data with axes and a legend.

use super::basins::BasinMap;
use super::cpu::Outcome;
use super::image::map_rgba;
use super::spec::MapSpec;
use crate::palette::run_color;

/// An RGBA image.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Row-major RGBA, top row first.
    pub rgba: Vec<u8>,
}

impl Picture {
    fn new(width: u32, height: u32, fill: [u8; 4]) -> Self {
        Self {
            width,
            height,
            rgba: fill.repeat((width * height) as usize),
        }
    }

    fn put(&mut self, x: i64, y: i64, c: [u8; 3]) {
        if (0..i64::from(self.width)).contains(&x) && (0..i64::from(self.height)).contains(&y) {
            let i = (y as usize * self.width as usize + x as usize) * 4;
            self.rgba[i..i + 3].copy_from_slice(&c);
        }
    }

    /// A line `w` pixels wide; `dash` > 0 alternates black and white every `dash` pixels.
    fn line(&mut self, a: [f64; 2], b: [f64; 2], w: i64, c: [u8; 3], dash: f64) {
        let len = (b[0] - a[0]).hypot(b[1] - a[1]);
        let n = len.ceil().max(1.0) as usize;
        for k in 0..=n {
            let t = k as f64 / n as f64;
            let (x, y) = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]));
            let color = if dash > 0.0 && ((t * len / dash) as i64) % 2 == 1 {
                [0, 0, 0]
            } else {
                c
            };
            for dx in -w / 2..=w / 2 {
                for dy in -w / 2..=w / 2 {
                    self.put(x.round() as i64 + dx, y.round() as i64 + dy, color);
                }
            }
        }
    }

    fn ring(&mut self, cx: f64, cy: f64, r: f64) {
        for dy in -(r as i64 + 2)..=(r as i64 + 2) {
            for dx in -(r as i64 + 2)..=(r as i64 + 2) {
                let d = (dx as f64).hypot(dy as f64);
                let c = if (d - r).abs() < 1.0 {
                    Some([255, 255, 255])
                } else if (d - r).abs() < 2.0 {
                    Some([0, 0, 0])
                } else {
                    None
                };
                if let Some(c) = c {
                    self.put(cx.round() as i64 + dx, cy.round() as i64 + dy, c);
                }
            }
        }
    }
}

/// The map scaled up by a whole factor to at least `min_side` pixels on its longer side
/// (at most 4096), each basin's minimum ringed, and `curve` (value pairs as in
/// [`MapSpec::pixel_of`], e.g. the heavy-ball limit) dashed black and white, which shows on
/// every colour of the map.
pub fn map_picture(
    spec: &MapSpec,
    outcomes: &[Outcome],
    basins: &BasinMap,
    curve: &[[f64; 2]],
    min_side: u32,
) -> Picture {
    let (w, h) = (spec.width(), spec.height());
    let side = w.max(h);
    let scale = min_side.div_ceil(side).clamp(1, (4096 / side).max(1));
    let src = map_rgba(spec, outcomes, basins);
    let mut pic = Picture::new(w * scale, h * scale, [0, 0, 0, 255]);
    for y in 0..pic.height {
        for x in 0..pic.width {
            let s = ((y / scale * w + x / scale) * 4) as usize;
            let d = ((y * pic.width + x) * 4) as usize;
            pic.rgba[d..d + 4].copy_from_slice(&src[s..s + 4]);
        }
    }
    let to_px = |a: f64, b: f64| {
        let [c, r] = spec.pixel_of(a, b);
        [(c + 0.5) * f64::from(scale), (r + 0.5) * f64::from(scale)]
    };
    for pair in curve.windows(2) {
        let (a, b) = (to_px(pair[0][0], pair[0][1]), to_px(pair[1][0], pair[1][1]));
        pic.line(a, b, 3, [255, 255, 255], 8.0);
    }
    if spec.kind == super::MapKind::Basins {
        for b in &basins.basins {
            let [x, y] = to_px(b.point[0], b.point[1]);
            pic.ring(x, y, 6.0);
        }
    }
    pic
}

/// The lr sweep's curves: one per optimizer (its run colour), x = lr on a log axis across
/// the picture, y = final loss over the start's loss on a log axis from 1e-12 (bottom) to
/// 1e3 (top), a grey line per decade, on a dark ground (the run colours are made for it);
/// a run that diverged is drawn at the top edge. `sweeps` pairs each spec with its
/// outcomes (all on the same lr range).
pub fn sweep_picture(
    sweeps: &[(MapSpec, Vec<Outcome>)],
    loss0: f64,
    width: u32,
    height: u32,
) -> Picture {
    let mut pic = Picture::new(width, height, [24, 24, 24, 255]);
    let (lo, hi) = (-12.0, 3.0);
    let y_of = |o: &Outcome| {
        let word = o.status.word();
        let diverged = matches!(word, "diverged" | "left_domain" | "unbounded_below");
        let rel = if diverged || !o.loss.is_finite() {
            hi
        } else {
            (o.loss / loss0.abs().max(f64::MIN_POSITIVE))
                .abs()
                .max(1e-300)
                .log10()
                .clamp(lo, hi)
        };
        (1.0 - (rel - lo) / (hi - lo)) * f64::from(height - 1)
    };
    for decade in (lo as i32)..=(hi as i32) {
        let y = (1.0 - (f64::from(decade) - lo) / (hi - lo)) * f64::from(height - 1);
        pic.line([0.0, y], [f64::from(width), y], 1, [64, 64, 64], 0.0);
    }
    for (k, (_, outcomes)) in sweeps.iter().enumerate() {
        let c = run_color(k).map(|v| (v * 255.0) as u8);
        let n = outcomes.len().max(1) as f64;
        let pts: Vec<[f64; 2]> = outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| [(i as f64 + 0.5) / n * f64::from(width), y_of(o)])
            .collect();
        for pair in pts.windows(2) {
            pic.line(pair[0], pair[1], 3, c, 0.0);
        }
    }
    pic
}
