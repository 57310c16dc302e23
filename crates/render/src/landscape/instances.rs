//! Per-frame instances: the segments of trails, arrows and axes, and the balls and start
//! markers, in world space for the lines and balls shaders.

use glam::{Mat4, Vec2, Vec3};

use super::LandscapeRenderer;
use crate::FrameData;
use crate::axes::AXES_Z;
use crate::display::srgb_to_linear3;
use crate::uniforms::{BallInstance, SegmentInstance};

/// How far trails are moved towards the eye to stay above the surface (world units).
const TRAIL_LIFT: f32 = 0.012;
/// Trail points closer than this on screen (pixels) to the last drawn point are merged into
/// the next segment: long optimizer runs have thousands of sub-pixel steps, and every segment
/// is a blended quad several pixels wide (the dominant overlay cost on a software rasteriser).
const TRAIL_MIN_SEGMENT_PX: f32 = 1.5;

impl LandscapeRenderer {
    /// Segments of trails and arrows (first, ghosted where hidden) and of the axes (after).
    pub(super) fn build_segments(
        &self,
        frame: &FrameData,
        size: (u32, u32),
    ) -> (Vec<SegmentInstance>, u32) {
        let scale = line_scale(frame.display.line_scale);
        let mut out = Vec::new();
        let wp = |p: [f64; 3]| self.desc.world_point(p[0], p[1], p[2]);
        let clip_from_world = frame
            .camera
            .clip_from_world(size.0 as f32 / size.1.max(1) as f32);
        let to_px = |w: Vec3| screen_px(&clip_from_world, size, w);
        if frame.display.trails {
            for trail in &frame.trails {
                let color = srgb_to_linear3(trail.color);
                let width = finite_or(trail.width_px, 3.0).clamp(0.5, 64.0) * scale;
                let outline = 1.2 * scale;
                let ink = [color[0] * 0.15, color[1] * 0.15, color[2] * 0.15, 1.0];
                let start = out.len();
                let dash = trail.dash.pattern().map(|v| v * scale);
                // Screen distance along the trail to each segment's start: the dash phase.
                let mut along = 0.0;
                // Dark outline underneath first, then the cores: joints stay clean.
                for (a, b) in trail_segments(&trail.points, wp, to_px, TRAIL_MIN_SEGMENT_PX) {
                    out.push(SegmentInstance {
                        a: a.to_array(),
                        b: b.to_array(),
                        color: ink,
                        params: [width + 2.0 * outline, 0.0, TRAIL_LIFT, along],
                        dash: [0.0; 4],
                    });
                    if let (Some(pa), Some(pb)) = (to_px(a), to_px(b)) {
                        along += pa.distance(pb);
                    }
                }
                let end = out.len();
                for i in start..end {
                    let mut core = out[i];
                    core.color = [color[0], color[1], color[2], 1.0];
                    core.params[0] = width;
                    core.dash = dash;
                    out.push(core);
                }
            }
        }
        for arrow in &frame.arrows {
            if !arrow.from.iter().chain(&arrow.to).all(|v| v.is_finite()) {
                continue;
            }
            let color = srgb_to_linear3(arrow.color);
            let a = wp(arrow.from);
            let b = wp(arrow.to);
            let params = [2.5 * scale, 1.0 * scale, TRAIL_LIFT, 0.0];
            let rgba = [color[0], color[1], color[2], 1.0];
            out.push(SegmentInstance {
                a: a.to_array(),
                b: b.to_array(),
                color: rgba,
                params,
                dash: [0.0; 4],
            });
            let d = b - a;
            let len = d.length();
            if len > 1e-6 {
                let back = -d / len * (0.28 * len).min(0.12);
                let side = Vec3::new(-back.y, back.x, 0.0) * 0.55;
                for wing in [back + side, back - side] {
                    out.push(SegmentInstance {
                        a: b.to_array(),
                        b: (b + wing).to_array(),
                        color: rgba,
                        params,
                        dash: [0.0; 4],
                    });
                }
            }
        }
        let ghosted = out.len() as u32;
        if frame.display.axes {
            let bg = frame.display.background;
            let light = 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2] > 0.5;
            self.push_axes(&mut out, scale, light, frame.camera.eye());
        }
        (out, ghosted)
    }

    /// Domain frame at the base, axis lines through 0 and ticks at round values.
    pub(super) fn push_axes(
        &self,
        out: &mut Vec<SegmentInstance>,
        scale: f32,
        light_background: bool,
        eye: Vec3,
    ) {
        let d = &self.desc.domain;
        let half = d.world_half_extent();
        let (frame_color, axis_color) = if light_background {
            ([0.12, 0.13, 0.16, 1.0], [0.02, 0.02, 0.03, 1.0])
        } else {
            ([0.55, 0.58, 0.64, 1.0], [0.80, 0.82, 0.86, 1.0])
        };
        let params = [1.6 * scale, 0.0, 0.0, 0.0];
        let mut seg = |a: Vec3, b: Vec3, color: [f32; 4]| {
            out.push(SegmentInstance {
                a: a.to_array(),
                b: b.to_array(),
                color,
                params,
                dash: [0.0; 4],
            })
        };
        let c = [
            Vec3::new(-half.x, -half.y, AXES_Z),
            Vec3::new(half.x, -half.y, AXES_Z),
            Vec3::new(half.x, half.y, AXES_Z),
            Vec3::new(-half.x, half.y, AXES_Z),
        ];
        for i in 0..4 {
            seg(c[i], c[(i + 1) % 4], frame_color);
        }
        // Tick marks and the vertical f axis from the same data the numbers are written from.
        let axes = crate::axes::Axes3d::new(d, &self.desc.height_mapping(), ["x", "y", "f"], eye);
        for t in &axes.ticks {
            seg(t.at, t.tick_end, frame_color);
        }
        seg(axes.f_axis[0], axes.f_axis[1], frame_color);
        if d.x_min < 0.0 && d.x_max > 0.0 {
            seg(
                d.to_world_xy(0.0, d.y_min).extend(AXES_Z),
                d.to_world_xy(0.0, d.y_max).extend(AXES_Z),
                axis_color,
            );
        }
        if d.y_min < 0.0 && d.y_max > 0.0 {
            seg(
                d.to_world_xy(d.x_min, 0.0).extend(AXES_Z),
                d.to_world_xy(d.x_max, 0.0).extend(AXES_Z),
                axis_color,
            );
        }
    }

    pub(super) fn build_balls(&self, frame: &FrameData) -> Vec<BallInstance> {
        let scale = line_scale(frame.display.line_scale);
        let mut out = Vec::new();
        for m in &frame.start_markers {
            if !(m.xy[0].is_finite() && m.xy[1].is_finite()) {
                continue;
            }
            let c = srgb_to_linear3(m.color);
            out.push(BallInstance {
                center: self.desc.world_point(m.xy[0], m.xy[1], m.f).to_array(),
                color: [c[0], c[1], c[2], 1.0],
                ring: [0.0; 4],
                params: [6.0 * scale, 1.0, 1.5 * scale, 0.0],
            });
        }
        for b in &frame.balls {
            if !(b.xy[0].is_finite() && b.xy[1].is_finite()) {
                continue;
            }
            let c = srgb_to_linear3(b.color);
            let ring = b.ring.map_or([0.0; 4], |r| {
                let r = srgb_to_linear3(r);
                [r[0], r[1], r[2], 1.0]
            });
            out.push(BallInstance {
                center: self.desc.world_point(b.xy[0], b.xy[1], b.f).to_array(),
                color: [c[0], c[1], c[2], 1.0],
                ring,
                params: [
                    finite_or(b.radius_px, 9.0).clamp(1.0, 128.0) * scale,
                    b.marker.shader_kind(),
                    1.8 * scale,
                    3.5 * scale,
                ],
            });
        }
        out
    }
}

/// Pixel position of a world point (origin top-left), `None` behind the camera.
fn screen_px(clip_from_world: &Mat4, size: (u32, u32), w: Vec3) -> Option<Vec2> {
    let c = *clip_from_world * w.extend(1.0);
    if c.w.is_nan() || c.w <= 1e-4 {
        return None;
    }
    Some(Vec2::new(
        (c.x / c.w * 0.5 + 0.5) * size.0 as f32,
        (0.5 - c.y / c.w * 0.5) * size.1 as f32,
    ))
}

/// World-space segments of a polyline, skipping non-finite points (they break the line).
/// A point less than `min_px` pixels on screen from the last drawn point is merged into the
/// next segment; the last point of each unbroken run is always reached.
fn trail_segments(
    points: &[[f64; 3]],
    world: impl Fn([f64; 3]) -> Vec3,
    to_px: impl Fn(Vec3) -> Option<Vec2>,
    min_px: f32,
) -> Vec<(Vec3, Vec3)> {
    let mut out = Vec::new();
    // Last drawn point (world, pixel) and the latest merged point after it.
    let mut last: Option<(Vec3, Option<Vec2>)> = None;
    let mut pending: Option<Vec3> = None;
    for p in points {
        if !p.iter().all(|v| v.is_finite()) {
            if let (Some((a, _)), Some(b)) = (last, pending) {
                out.push((a, b));
            }
            last = None;
            pending = None;
            continue;
        }
        let w = world(*p);
        let px = to_px(w);
        match last {
            None => last = Some((w, px)),
            Some((a, a_px)) => {
                let near = matches!((a_px, px), (Some(u), Some(v)) if u.distance(v) < min_px);
                if near {
                    pending = Some(w);
                } else {
                    out.push((a, w));
                    last = Some((w, px));
                    pending = None;
                }
            }
        }
    }
    if let (Some((a, _)), Some(b)) = (last, pending) {
        out.push((a, b));
    }
    out
}

/// `v`, or `default` when `v` is not finite.
fn finite_or(v: f32, default: f32) -> f32 {
    if v.is_finite() { v } else { default }
}

/// The display's line scale, made finite and clamped to 0.25–8.
pub(super) fn line_scale(s: f32) -> f32 {
    finite_or(s, 1.0).clamp(0.25, 8.0)
}
