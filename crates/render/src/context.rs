//! Adapter, device and queue shared by everything that draws.

use std::sync::Arc;

use super::RenderError;

/// The wgpu objects every renderer in the crate needs (cloning shares them).
#[derive(Clone)]
pub struct GpuContext {
    /// The wgpu instance the adapter came from.
    pub instance: wgpu::Instance,
    /// The chosen adapter (on machines without a GPU: lavapipe or llvmpipe).
    pub adapter: wgpu::Adapter,
    /// The logical device.
    pub device: wgpu::Device,
    /// The device's queue.
    pub queue: wgpu::Queue,
}

impl std::fmt::Debug for GpuContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let info = self.adapter.get_info();
        f.debug_struct("GpuContext")
            .field("adapter", &info.name)
            .field("backend", &info.backend)
            .finish()
    }
}

impl GpuContext {
    /// Creates a context without any window (offscreen rendering, tests, compute).
    ///
    /// Honours `WGPU_BACKEND`, `WGPU_ADAPTER_NAME` etc. through `InstanceDescriptor::with_env`.
    /// Fails (never panics) when no adapter exists.
    pub fn headless() -> Result<Self, RenderError> {
        let instance =
            wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle().with_env());
        Self::from_instance(instance, None)
    }

    /// Creates a context whose adapter can present to `surface` (created from `instance`).
    pub fn for_surface(
        instance: wgpu::Instance,
        surface: &wgpu::Surface<'_>,
    ) -> Result<Self, RenderError> {
        Self::from_instance(instance, Some(surface))
    }

    fn from_instance(
        instance: wgpu::Instance,
        surface: Option<&wgpu::Surface<'_>>,
    ) -> Result<Self, RenderError> {
        pollster::block_on(Self::request(instance, surface))
    }

    /// [`GpuContext::for_surface`] without blocking: the browser answers adapter and device
    /// requests on its event loop, so a web page awaits this instead.
    pub async fn request(
        instance: wgpu::Instance,
        surface: Option<&wgpu::Surface<'_>>,
    ) -> Result<Self, RenderError> {
        let adapter = instance
            .request_adapter(&wgpu::RequestAdapterOptions {
                power_preference: wgpu::PowerPreference::HighPerformance,
                force_fallback_adapter: false,
                compatible_surface: surface,
                apply_limit_buckets: false,
            })
            .await
            .map_err(|e| RenderError::NoAdapter(e.to_string()))?;
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("descent device"),
                required_features: wgpu::Features::empty(),
                required_limits: adapter.limits(),
                experimental_features: Default::default(),
                memory_hints: wgpu::MemoryHints::Performance,
                trace: Default::default(),
            })
            .await
            .map_err(|e| RenderError::RequestDevice(e.to_string()))?;
        // Errors are reported through error scopes where we can act on them; anything else is
        // logged instead of wgpu's default panic.
        device.on_uncaptured_error(Arc::new(|e: wgpu::Error| {
            eprintln!("descent: uncaptured wgpu error: {e}");
        }));
        Ok(Self {
            instance,
            adapter,
            device,
            queue,
        })
    }

    /// Human-readable adapter name and backend, e.g. `llvmpipe (LLVM 15.0.6, 256 bits) (Vulkan)`.
    pub fn adapter_summary(&self) -> String {
        let info = self.adapter.get_info();
        format!("{} ({:?})", info.name, info.backend)
    }

    /// Largest side of a 2D texture this device accepts.
    pub fn max_texture_side(&self) -> u32 {
        self.device.limits().max_texture_dimension_2d
    }

    /// The largest MSAA sample count `<= wanted` that both `format` and the depth format support
    /// (1 when multisampling is unavailable or `wanted <= 1`).
    pub fn supported_sample_count(&self, format: wgpu::TextureFormat, wanted: u32) -> u32 {
        let color = self.adapter.get_texture_format_features(format).flags;
        let depth = self
            .adapter
            .get_texture_format_features(super::landscape::DEPTH_FORMAT)
            .flags;
        [16u32, 8, 4, 2]
            .into_iter()
            .filter(|&n| n <= wanted)
            .find(|&n| color.sample_count_supported(n) && depth.sample_count_supported(n))
            .unwrap_or(1)
    }

    /// Checks a render size against zero and the device's texture limit.
    pub fn check_size(&self, width: u32, height: u32) -> Result<(), RenderError> {
        let max = self.max_texture_side();
        if width == 0 || height == 0 || width > max || height > max {
            return Err(RenderError::InvalidSize { width, height, max });
        }
        Ok(())
    }
}
