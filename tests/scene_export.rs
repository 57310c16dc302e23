//! GIF and trajectory CSV exports.

use descent::scene::find_scene;
use descent::scene::gif_export::{
    GifExportError, GifOptions, PaletteMode, ProgressBar, encode_gif, frame_delay_cs,
};
use descent::scene::trajectory_csv::HEADER;

fn frames(w: u32, h: u32, n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|k| {
            let mut f = Vec::with_capacity((w * h * 4) as usize);
            for y in 0..h {
                for x in 0..w {
                    let on = (x as usize + k) % w as usize == y as usize % w as usize;
                    f.extend_from_slice(&[
                        (x * 255 / w) as u8,
                        (y * 255 / h) as u8,
                        if on { 255 } else { 40 },
                        255,
                    ]);
                }
            }
            f
        })
        .collect()
}

fn decode(bytes: &[u8]) -> (u16, u16, Vec<(Vec<u8>, u16)>) {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::RGBA);
    let mut dec = opts.read_info(bytes).unwrap();
    let (w, h) = (dec.width(), dec.height());
    let mut out = Vec::new();
    while let Some(f) = dec.read_next_frame().unwrap() {
        assert_eq!((f.width, f.height), (w, h));
        out.push((f.buffer.to_vec(), f.delay));
    }
    (w, h, out)
}

#[test]
fn gif_round_trips_frame_count_size_and_timing() {
    let fr = frames(64, 48, 12);
    for palette in [PaletteMode::Global, PaletteMode::PerFrame] {
        let opts = GifOptions {
            fps: 30.0,
            palette,
            progress: false,
            ..Default::default()
        };
        let bytes = encode_gif(Vec::new(), 64, 48, &fr, &opts).unwrap();
        let (w, h, out) = decode(&bytes);
        assert_eq!((w, h, out.len()), (64, 48, 12));
        // Delays track 30 fps without drift: 12 frames = 40 centiseconds.
        assert_eq!(out.iter().map(|f| u32::from(f.1)).sum::<u32>(), 40);
        // Colours survive quantisation closely (smooth ramps, < 256 colours per frame).
        let (got, want) = (&out[3].0, &fr[3]);
        let err = got
            .iter()
            .zip(want)
            .map(|(a, b)| (f64::from(*a) - f64::from(*b)).abs())
            .sum::<f64>()
            / got.len() as f64;
        assert!(err <= 10.0, "{palette:?}: mean channel error {err}");
        assert_ne!(out[0].0, out[1].0, "frames differ");
    }
    assert_eq!(
        (0..30)
            .map(|i| u32::from(frame_delay_cs(i, 30.0)))
            .sum::<u32>(),
        100
    );
}

#[test]
fn gif_limits() {
    let opts = GifOptions {
        progress: false,
        ..Default::default()
    };
    let one = vec![vec![0u8; 4]];
    assert!(matches!(
        encode_gif(Vec::new(), 1921, 1, &[vec![0; 1921 * 4]], &opts),
        Err(GifExportError::TooLarge { .. })
    ));
    assert!(matches!(
        encode_gif(Vec::new(), 1, 1081, &[vec![0; 1081 * 4]], &opts),
        Err(GifExportError::TooLarge { .. })
    ));
    let many = vec![vec![0u8; 4]; 1001];
    let e = encode_gif(Vec::new(), 1, 1, &many, &opts).unwrap_err();
    assert!(matches!(e, GifExportError::TooManyFrames { frames: 1001 }));
    assert!(e.to_string().contains("1000"));
    assert!(matches!(
        encode_gif(Vec::new(), 1, 1, &[], &opts),
        Err(GifExportError::NoFrames)
    ));
    assert!(matches!(
        encode_gif(Vec::new(), 2, 1, &one, &opts),
        Err(GifExportError::FrameSize {
            index: 0,
            got: 4,
            expected: 8
        })
    ));
    let bad_fps = GifOptions { fps: 0.0, ..opts };
    assert!(matches!(
        encode_gif(Vec::new(), 1, 1, &one, &bad_fps),
        Err(GifExportError::BadFps(_))
    ));
    assert!(encode_gif(Vec::new(), 1, 1, &one, &opts).is_ok());
    assert_eq!(ProgressBar::render(45, 100, 10), "[####      ] 45/100");
    assert_eq!(ProgressBar::render(100, 100, 10), "[##########] 100/100");
}

#[test]
fn trajectory_csv_has_every_row_of_every_run() {
    let mut b = find_scene("lr-comparison")
        .unwrap()
        .scene()
        .unwrap()
        .build()
        .unwrap();
    b.run_all_to_end();
    let csv = b.trajectories_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], HEADER);
    let rows: usize = b.runs.iter().map(|r| r.run.history().len()).sum();
    assert_eq!(lines.len(), 1 + rows);
    // Row 1: run 0 at the start (3, 4), loss 25, gradient (6, 8), norm 10, lr 0.01.
    assert_eq!(
        lines[1],
        "0,lr = 0.01 (too small),sgd(lr=0.01),0,3,4,25,6,8,10,0.01,running"
    );
    for l in &lines[1..] {
        assert_eq!(l.split(',').count(), 12, "{l}");
    }
    // The status column: `running` until each run's last row, which has its final word.
    let mut k = 1;
    for r in &b.runs {
        let n = r.run.history().len();
        for (j, l) in lines[k..k + n].iter().enumerate() {
            let want = if j + 1 == n {
                r.run.status().word()
            } else {
                "running"
            };
            assert!(l.ends_with(&format!(",{want}")), "{l}");
        }
        assert_ne!(r.run.status().word(), "running");
        k += n;
    }
    // 1D scenes leave y and grad_y empty; labels with commas are quoted.
    let mut one = find_scene("1d-parabola").unwrap().scene().unwrap();
    one.runs[0].label = Some("slow, steady".into());
    let mut b = one.build().unwrap();
    b.run_all_to_end();
    let csv = b.trajectories_csv();
    let first = csv.lines().nth(1).unwrap();
    assert_eq!(
        first,
        "0,\"slow, steady\",sgd(lr=0.1),0,4,,21,8,,8,0.1,running"
    );
}
