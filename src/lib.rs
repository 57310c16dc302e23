//! descent: a GPU-accelerated, real-time 3D gradient-descent visualizer.
pub mod expr;
pub mod render;
