//! The one helper every render pipeline of the renderer is built with.

/// What differs between the renderer's pipelines.
pub(crate) struct PipelineSpec<'a> {
    pub label: &'a str,
    pub layout: &'a wgpu::PipelineLayout,
    pub module: &'a wgpu::ShaderModule,
    pub vertex_buffers: &'a [Option<wgpu::VertexBufferLayout<'a>>],
    pub format: wgpu::TextureFormat,
    pub sample_count: u32,
    pub blend: Option<wgpu::BlendState>,
    pub depth_write: bool,
    pub depth_compare: wgpu::CompareFunction,
    pub constants: &'a [(&'a str, f64)],
}

/// Builds a triangle-list pipeline with entry points `vs_main` / `fs_main`, depth
/// [`DEPTH_FORMAT`](super::landscape::DEPTH_FORMAT) and no culling.
pub(crate) fn build_render_pipeline(
    device: &wgpu::Device,
    spec: &PipelineSpec<'_>,
) -> wgpu::RenderPipeline {
    let options = wgpu::PipelineCompilationOptions {
        constants: spec.constants,
        zero_initialize_workgroup_memory: false,
    };
    device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some(spec.label),
        layout: Some(spec.layout),
        vertex: wgpu::VertexState {
            module: spec.module,
            entry_point: Some("vs_main"),
            compilation_options: options.clone(),
            buffers: spec.vertex_buffers,
        },
        primitive: wgpu::PrimitiveState {
            topology: wgpu::PrimitiveTopology::TriangleList,
            cull_mode: None,
            ..Default::default()
        },
        depth_stencil: Some(wgpu::DepthStencilState {
            format: super::landscape::DEPTH_FORMAT,
            depth_write_enabled: Some(spec.depth_write),
            depth_compare: Some(spec.depth_compare),
            stencil: Default::default(),
            bias: Default::default(),
        }),
        multisample: wgpu::MultisampleState {
            count: spec.sample_count,
            mask: !0,
            alpha_to_coverage_enabled: false,
        },
        fragment: Some(wgpu::FragmentState {
            module: spec.module,
            entry_point: Some("fs_main"),
            compilation_options: options,
            targets: &[Some(wgpu::ColorTargetState {
                format: spec.format,
                blend: spec.blend,
                write_mask: wgpu::ColorWrites::ALL,
            })],
        }),
        multiview_mask: None,
        cache: None,
    })
}

/// Creates a shader module from validated WGSL.
pub(crate) fn shader_module(
    device: &wgpu::Device,
    label: &str,
    source: &str,
) -> wgpu::ShaderModule {
    device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some(label),
        source: wgpu::ShaderSource::Wgsl(source.into()),
    })
}

/// A compute pipeline with entry point `cs_main` and its layout derived from the shader
/// (the eval, sweep and network-loss passes).
pub(crate) fn compute_pipeline(
    device: &wgpu::Device,
    label: &str,
    source: &str,
) -> wgpu::ComputePipeline {
    let module = shader_module(device, label, source);
    device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
        label: Some(label),
        layout: None,
        module: &module,
        entry_point: Some("cs_main"),
        compilation_options: Default::default(),
        cache: None,
    })
}

/// Whether `adapter` runs compute shaders (WebGL2 does not).
pub(crate) fn has_compute_shaders(adapter: &wgpu::Adapter) -> bool {
    adapter
        .get_downlevel_capabilities()
        .flags
        .contains(wgpu::DownlevelFlags::COMPUTE_SHADERS)
}

/// Runs `f` inside a validation + out-of-memory error scope and turns captured errors into
/// [`RenderError::Gpu`](super::RenderError::Gpu).
///
/// In a browser the scopes' answers arrive on its event loop, which a blocking wait would
/// never let run: there `f` runs unscoped (every shader was validated with naga before it
/// reaches the GPU) and anything the GPU still rejects goes to the uncaptured-error log.
pub(crate) fn with_error_scope<T>(
    device: &wgpu::Device,
    f: impl FnOnce() -> T,
) -> Result<T, super::RenderError> {
    if cfg!(target_arch = "wasm32") {
        return Ok(f());
    }
    let oom = device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);
    let validation = device.push_error_scope(wgpu::ErrorFilter::Validation);
    let value = f();
    let v = pollster::block_on(validation.pop());
    let o = pollster::block_on(oom.pop());
    match v.or(o) {
        Some(e) => Err(super::RenderError::Gpu(e.to_string())),
        None => Ok(value),
    }
}

/// Copies `size` bytes of `src` (which needs `COPY_SRC`) into a mappable buffer in a new
/// submission, waits for the GPU, and returns them.
pub(crate) fn read_buffer(
    ctx: &super::GpuContext,
    src: &wgpu::Buffer,
    size: u64,
) -> Result<Vec<u8>, super::RenderError> {
    PendingRead::of_buffer(ctx, src, size)
        .take(ctx, true)?
        .ok_or_else(|| super::RenderError::Readback("the GPU did not answer".into()))
}

/// What the GPU answered a mapping request (set by `map_async`'s callback).
type MapAnswer = std::sync::Arc<std::sync::Mutex<Option<Result<(), wgpu::BufferAsyncError>>>>;

/// Bytes on their way from the GPU: a mappable buffer whose copy was submitted and whose
/// mapping was asked for. [`PendingRead::take`] waits for them, or (in a browser, which
/// answers between frames and cannot be waited on inside one) looks whether they arrived.
pub(crate) struct PendingRead {
    buffer: wgpu::Buffer,
    answer: MapAnswer,
}

impl PendingRead {
    /// Asks for the mapping of `buffer` (`MAP_READ`), whose copy was submitted.
    pub(crate) fn map(buffer: wgpu::Buffer) -> Self {
        let answer = MapAnswer::default();
        let slot = answer.clone();
        buffer.map_async(wgpu::MapMode::Read, .., move |r| {
            if let Ok(mut a) = slot.lock() {
                *a = Some(r);
            }
        });
        Self { buffer, answer }
    }

    /// Submits a copy of `size` bytes of `src` (which needs `COPY_SRC`) into a mappable
    /// buffer and asks for its mapping.
    pub(crate) fn of_buffer(ctx: &super::GpuContext, src: &wgpu::Buffer, size: u64) -> Self {
        let readback = ctx.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("descent readback"),
            size,
            usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
            mapped_at_creation: false,
        });
        let mut encoder = ctx.device.create_command_encoder(&Default::default());
        encoder.copy_buffer_to_buffer(src, 0, &readback, 0, size);
        ctx.queue.submit([encoder.finish()]);
        Self::map(readback)
    }

    /// The bytes once the GPU has them: with `wait`, blocks until then; without, polls and
    /// gives `Ok(None)` while they are on their way.
    ///
    /// Errors: the device was lost or the mapping failed.
    pub(crate) fn take(
        &self,
        ctx: &super::GpuContext,
        wait: bool,
    ) -> Result<Option<Vec<u8>>, super::RenderError> {
        let err = |e: String| super::RenderError::Readback(e);
        let poll = if wait {
            wgpu::PollType::wait_indefinitely()
        } else {
            wgpu::PollType::Poll
        };
        ctx.device.poll(poll).map_err(|e| err(e.to_string()))?;
        let answer = self.answer.lock().map_err(|e| err(e.to_string()))?.clone();
        match answer {
            None if wait => Err(err("the GPU did not answer the readback".into())),
            None => Ok(None),
            Some(r) => {
                r.map_err(|e| err(e.to_string()))?;
                let bytes = self
                    .buffer
                    .get_mapped_range(..)
                    .map_err(|e| err(e.to_string()))?
                    .to_vec();
                self.buffer.unmap();
                Ok(Some(bytes))
            }
        }
    }
}

/// A bind group for group 0 of `pipeline` with `buffers` bound whole at bindings 0, 1, 2, …
pub(crate) fn bind_whole_buffers(
    device: &wgpu::Device,
    label: &str,
    pipeline: &wgpu::ComputePipeline,
    buffers: &[&wgpu::Buffer],
) -> wgpu::BindGroup {
    let entries: Vec<wgpu::BindGroupEntry<'_>> = buffers
        .iter()
        .enumerate()
        .map(|(i, b)| wgpu::BindGroupEntry {
            binding: i as u32,
            resource: b.as_entire_binding(),
        })
        .collect();
    device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: Some(label),
        layout: &pipeline.get_bind_group_layout(0),
        entries: &entries,
    })
}
