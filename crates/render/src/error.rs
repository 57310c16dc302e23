//! Error type of the renderer.

/// Everything that can go wrong while setting up or using the GPU renderer.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No GPU adapter (not even a software one such as lavapipe/llvmpipe) was found.
    #[error("no GPU adapter available: {0}")]
    NoAdapter(String),
    /// The adapter refused to create a device.
    #[error("could not create GPU device: {0}")]
    RequestDevice(String),
    /// A WGSL shader failed to parse or validate (message from naga, with source excerpt).
    #[error("shader error: {0}")]
    Shader(String),
    /// wgpu reported a validation or out-of-memory error.
    #[error("GPU error: {0}")]
    Gpu(String),
    /// A render size of zero or above the device limit.
    #[error("invalid render size {width}x{height} (each side must be 1..={max})")]
    InvalidSize {
        /// Requested width in pixels.
        width: u32,
        /// Requested height in pixels.
        height: u32,
        /// Largest side the device supports.
        max: u32,
    },
    /// An input value the renderer cannot use (non-finite domain, empty range, ...).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// Reading a rendered image back from the GPU failed.
    #[error("readback failed: {0}")]
    Readback(String),
    /// Encoding or decoding a PNG file failed.
    #[error("PNG error: {0}")]
    Png(String),
    /// File system error.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// An output file could not be written.
    #[error(transparent)]
    Write(#[from] descent_core::atomic_file::WriteError),
}
