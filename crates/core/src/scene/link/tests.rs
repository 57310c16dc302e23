use super::*;
use crate::scene::nd_scene::NdScene;
use crate::scene::{BUILTIN_NET_SCENES, RegressionSpec, RunSpec, Scene, builtin_scenes};

fn every_shipped() -> Vec<(&'static str, Lesson)> {
    builtin_scenes()
        .iter()
        .chain(BUILTIN_NET_SCENES)
        .map(|b| (b.name, Lesson::open(b.name).unwrap()))
        .collect()
}

#[test]
fn link_round_trip_of_every_shipped_scene_is_equal() {
    for (name, lesson) in every_shipped() {
        let frag = lesson_fragment(&lesson).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(frag.starts_with("v1="), "{name}: {frag}");
        let back = parse_link(&format!("https://descent.example/#{frag}"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, lesson, "{name}");
        assert_eq!(lesson_fragment(&back).unwrap(), frag, "{name}");
        assert_eq!(
            parse_link(&format!("#scene={name}")).unwrap(),
            lesson,
            "{name}"
        );
        assert_eq!(shipped_fragment(name), Some(format!("scene={name}")));
    }
}

#[test]
fn link_accepts_addresses_fragments_and_bare_text() {
    let l = Lesson::open("lr-comparison").unwrap();
    let f = lesson_fragment(&l).unwrap();
    for text in [
        f.clone(),
        format!("#{f}"),
        format!("  https://a.example/descent/?x=1#{f}\n"),
    ] {
        assert_eq!(parse_link(&text).unwrap(), l);
    }
    assert_eq!(parse_link("scene=LR_Comparison").unwrap(), l);
    let len = f.len();
    assert!(len < 2000, "lr-comparison link is {len} characters");
}

#[test]
fn link_errors_name_what_is_wrong() {
    let cases: &[(&str, &str)] = &[
        ("", "the link is empty"),
        ("https://a.example/#", "the link is empty"),
        ("https://a.example/descent", "has no `#` part"),
        ("#v7=abc", "unknown link version `v7=`"),
        ("#title=x", "unknown link `title=`"),
        ("#nonsense", "unknown link `nonsense`"),
        (
            "#scene=no-such",
            "no shipped scene called `no-such`; shipped scenes: lr-comparison",
        ),
        ("#scene=../../etc/passwd", "no shipped scene called"),
        ("#v1=a*b", "not base64url"),
        ("#v1=AAAA", "truncated or corrupt"),
    ];
    for (text, want) in cases {
        let e = parse_link(text).unwrap_err().to_string();
        assert!(e.contains(want), "{text:?}: {e}");
        assert!(!e.contains('\n'), "{text:?}: {e}");
    }
    let not_text = format!(
        "v1={}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe], 6))
    );
    assert_eq!(parse_link(&not_text), Err(LinkError::NotText));
    let huge = format!("# {}\n", "x".repeat(MAX_LINK_SCENE_BYTES));
    assert_eq!(parse_link(&encode_v1(&huge)), Err(LinkError::TooLarge));
    let bad =
        encode_v1("title = \"t\"\nfunction = \"rosenbrock\"\n[[run]]\noptimizer = \"adamm\"\n");
    let e = parse_link(&bad).unwrap_err().to_string();
    assert!(e.starts_with("link:") && e.contains("adamm"), "{e}");
}

#[test]
fn link_never_reads_data_files() {
    let text = "title = \"t\"\n[regression]\ncsv = \"/etc/passwd\"\n[[run]]\noptimizer = \"sgd\"\nstart = [0, 0]\n";
    let e = parse_link(&encode_v1(text)).unwrap_err();
    assert_eq!(e, LinkError::DataFile("regression.csv".into()));
    assert!(e.to_string().contains("embed the points as x and y"));
    let net = BUILTIN_NET_SCENES[0]
        .text
        .replace("[data]", "[data]\ncsv = \"points.csv\"");
    let e = parse_link(&encode_v1(&net)).unwrap_err();
    assert_eq!(e, LinkError::DataFile("data.csv".into()));

    let mut scene = Scene::open("linear-regression").unwrap();
    scene.regression = Some(RegressionSpec {
        csv: Some("points.csv".into()),
        ..RegressionSpec::default()
    });
    let e = lesson_fragment(&Lesson::Surface(Box::new(scene))).unwrap_err();
    assert_eq!(e, LinkError::DataFile("regression.csv".into()));
}

#[test]
fn link_of_nd_scene_and_step_round_trip() {
    let text = "title = \"Rosenbrock 3\"\nfunction = \"(1 - x1)^2 + 100*(x2 - x1^2)^2 + x3^2\"\n\
                [animation]\nmax_steps = 300\nstep = 120\n[[run]]\noptimizer = \"adam\"\nlr = 0.01\nstart = [-1.2, 1, 0.5]\n";
    let nd = NdScene::from_str(text, "nd.toml").unwrap();
    assert_eq!(nd.animation.step, 120);
    let lesson = Lesson::Function(Box::new(nd));
    assert_eq!(
        parse_link(&lesson_fragment(&lesson).unwrap()).unwrap(),
        lesson
    );

    let with_camera = format!("{text}[view.camera]\nyaw_deg = 30\npitch_deg = 20\ndistance = 3\n");
    let nd = NdScene::from_str(&with_camera, "nd.toml").unwrap();
    assert_eq!(nd.view.unwrap().camera.yaw_deg, 30.0);
    let lesson = Lesson::Function(Box::new(nd));
    assert_eq!(
        parse_link(&lesson_fragment(&lesson).unwrap()).unwrap(),
        lesson
    );
    let e = NdScene::from_str(
        &with_camera.replace("pitch_deg = 20", "pitch_deg = 95"),
        "nd.toml",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("view.camera.pitch_deg"), "{e}");

    let over = text.replace("step = 120", "step = 301");
    let e = NdScene::from_str(&over, "nd.toml").unwrap_err().to_string();
    assert!(
        e.contains("animation.step") && e.contains("at most max_steps (300)"),
        "{e}"
    );
    // The default step is not written: shipped scenes' TOML is unchanged.
    let s = Scene::open("lr-comparison").unwrap();
    assert_eq!(s.animation.step, 0);
    assert!(!s.to_toml().unwrap().contains("step ="));
}

/// A small deterministic generator (no rand dependency).
fn lcg(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

#[test]
fn link_truncated_or_flipped_never_panics() {
    let lesson = Lesson::open("optimizers-rosenbrock").unwrap();
    let link = format!(
        "https://descent.example/#{}",
        lesson_fragment(&lesson).unwrap()
    );
    let hash = link.find('#').unwrap();
    // Every proper prefix of the data is an error (the stream's end is missing).
    for cut in 0..link.len() {
        let r = parse_link(&link[..cut]);
        assert!(r.is_err(), "prefix of {cut} characters opened");
        if cut > hash + 4 {
            let e = r.unwrap_err();
            assert!(
                matches!(e, LinkError::NotBase64(_) | LinkError::Corrupt(_)),
                "{cut}: {e}"
            );
        }
    }
    // Random character changes: an error or a lesson, never a panic.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=#&%";
    let mut seed = 14;
    let mut errors = 0;
    let trials = 2000;
    for _ in 0..trials {
        let mut bytes = link.clone().into_bytes();
        for _ in 0..1 + lcg(&mut seed) % 3 {
            let i = hash + 1 + (lcg(&mut seed) as usize) % (bytes.len() - hash - 1);
            bytes[i] = alphabet[(lcg(&mut seed) as usize) % alphabet.len()];
        }
        let text = String::from_utf8(bytes).unwrap();
        errors += usize::from(parse_link(&text).is_err());
    }
    assert!(
        errors > trials / 2,
        "only {errors} of {trials} changed links failed"
    );
    // Arbitrary bytes as DEFLATE data.
    for n in 0..300 {
        let raw: Vec<u8> = (0..n).map(|_| lcg(&mut seed) as u8).collect();
        let _ = parse_link(&format!("v1={}", URL_SAFE_NO_PAD.encode(raw)));
    }
}

#[test]
fn link_run_spec_of_every_optimizer_gives_it_back() {
    use crate::optim::{OptimizerSpec, ScheduleSpec};
    for name in OptimizerSpec::names() {
        let base = OptimizerSpec::from_name(name).unwrap();
        for spec in [base, base.with_lr(0.0123)] {
            let schedule = ScheduleSpec::Step {
                step_size: 30,
                gamma: 0.5,
            };
            let run = RunSpec::from_optimizer(&spec, schedule);
            assert_eq!(run.optimizer, spec.name(), "{name}");
            assert_eq!(run.optimizer_spec().unwrap(), spec, "{name}");
            assert_eq!(run.schedule_spec().unwrap(), schedule, "{name}");
        }
    }
    let adam = RunSpec::from_optimizer(
        &OptimizerSpec::from_name("adam").unwrap(),
        ScheduleSpec::Constant,
    );
    assert_eq!(
        adam.hyperparameters(),
        Vec::new(),
        "defaults are not written"
    );
    assert_eq!(adam.schedule, None);
}
