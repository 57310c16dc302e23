//! Optimizer spec and schedule parsing, validation, display and serde.

use descent::optim::{
    AdamConfig, LrSchedule, OptimizerSpec, ScheduleError, ScheduleSpec, SgdConfig, SpecError,
};

fn parts(name: &str, kv: &[(&str, &str)]) -> Result<OptimizerSpec, SpecError> {
    OptimizerSpec::from_parts(name, kv.iter().copied())
}

#[test]
fn every_name_builds_with_torch_defaults() {
    let names = OptimizerSpec::names();
    assert_eq!(names.len(), 13);
    for n in names {
        let spec = OptimizerSpec::from_name(n).expect(n);
        spec.build().expect(n);
        assert_eq!(
            spec.to_string()
                .parse::<OptimizerSpec>()
                .expect("round trip"),
            spec,
            "{n}"
        );
    }
    let lrs: Vec<(String, f64)> = [
        "sgd", "adagrad", "rmsprop", "adam", "adamw", "adamax", "nadam", "radam", "adadelta",
        "newton",
    ]
    .iter()
    .map(|n| (n.to_string(), OptimizerSpec::from_name(n).expect("n").lr()))
    .collect();
    let want = [1e-3, 0.01, 0.01, 1e-3, 1e-3, 2e-3, 2e-3, 1e-3, 1.0, 1.0];
    for ((n, lr), w) in lrs.iter().zip(want) {
        assert_eq!(*lr, w, "{n}");
    }
    assert!(
        matches!(OptimizerSpec::from_name("adamw"), Ok(OptimizerSpec::AdamW(c)) if c.weight_decay == 0.01)
    );
    assert_eq!(
        OptimizerSpec::from_name("nesterov").expect("nesterov"),
        OptimizerSpec::Sgd(SgdConfig {
            momentum: 0.9,
            nesterov: true,
            ..Default::default()
        })
    );
    assert_eq!(
        OptimizerSpec::from_name("momentum").expect("m").to_string(),
        "sgd(lr=0.001, momentum=0.9)"
    );
}

#[test]
fn keys_values_and_dashes() {
    let s = parts(
        "adam",
        &[
            ("lr", "0.1"),
            ("betas", "0.9,0.99"),
            ("weight-decay", "0.5"),
            ("amsgrad", "true"),
        ],
    )
    .expect("ok");
    assert_eq!(
        s,
        OptimizerSpec::Adam(AdamConfig {
            lr: 0.1,
            betas: (0.9, 0.99),
            eps: 1e-8,
            weight_decay: 0.5,
            amsgrad: true
        })
    );
    assert_eq!(
        s.to_string(),
        "adam(lr=0.1, betas=(0.9, 0.99), weight_decay=0.5, amsgrad=true)"
    );
    assert_eq!(
        format!("{:#}", OptimizerSpec::from_name("adam").expect("adam")),
        "adam(lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=false)"
    );
    let parsed: OptimizerSpec = "adam(lr=0.1, betas=(0.9, 0.99), weight_decay=0.5, amsgrad=true)"
        .parse()
        .expect("parse");
    assert_eq!(parsed, s);
    assert_eq!(
        "RMSprop"
            .parse::<OptimizerSpec>()
            .expect("case-insensitive")
            .name(),
        "rmsprop"
    );
    let r = parts(
        "rmsprop",
        &[("centered", "TRUE"), ("alpha", "0.9"), ("momentum", "0.5")],
    )
    .expect("ok");
    assert_eq!(
        r.to_string(),
        "rmsprop(lr=0.01, alpha=0.9, momentum=0.5, centered=true)"
    );
    assert_eq!(
        parts(
            "adagrad",
            &[("initial_accumulator_value", "0.1"), ("lr_decay", "0.01")]
        )
        .expect("ok")
        .keys()
        .len(),
        5
    );
    assert_eq!(
        parts("nadam", &[("momentum_decay", "0.01")])
            .expect("ok")
            .to_string(),
        "nadam(lr=0.002, momentum_decay=0.01)"
    );
    assert_eq!(
        parts("adadelta", &[("rho", "0.95")])
            .expect("ok")
            .to_string(),
        "adadelta(lr=1, rho=0.95)"
    );
}

#[test]
fn unknown_optimizer_lists_valid_names() {
    let e = parts("adamm", &[]).unwrap_err();
    assert!(matches!(e, SpecError::UnknownOptimizer { .. }));
    let m = e.to_string();
    assert!(m.contains("`adamm`"), "{m}");
    for n in OptimizerSpec::names() {
        assert!(m.contains(n), "{m} lacks {n}");
    }
}

#[test]
fn inapplicable_key_lists_accepted_keys() {
    let e = parts("sgd", &[("betas", "0.9,0.999")]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`betas` does not apply to sgd; it accepts: lr, momentum, dampening, weight_decay, nesterov"
    );
    let e = parts("adam", &[("momentum", "0.9")]).unwrap_err();
    assert!(
        e.to_string()
            .contains("lr, betas, eps, weight_decay, amsgrad"),
        "{e}"
    );
    assert!(matches!(
        parts("newton", &[("eps", "1")]),
        Err(SpecError::UnknownKey {
            optimizer: "newton",
            ..
        })
    ));
    assert!(matches!(
        parts("adam", &[("lr", "0.1"), ("lr", "0.2")]),
        Err(SpecError::DuplicateKey { .. })
    ));
}

#[test]
fn bad_values_are_rejected_like_torch() {
    let msg = |name: &str, k: &str, v: &str| parts(name, &[(k, v)]).unwrap_err().to_string();
    assert!(msg("adam", "lr", "-0.1").starts_with("Invalid learning rate: -0.1"));
    assert!(msg("adam", "betas", "0.9,1.0").starts_with("Invalid beta parameter at index 1: 1"));
    assert!(
        msg("adam", "betas", "-0.1,0.5").starts_with("Invalid beta parameter at index 0: -0.1")
    );
    assert!(msg("adam", "eps", "-1e-8").starts_with("Invalid epsilon value"));
    assert!(msg("sgd", "momentum", "-0.5").starts_with("Invalid momentum value"));
    assert!(msg("sgd", "weight_decay", "-1").starts_with("Invalid weight_decay value"));
    assert!(msg("rmsprop", "alpha", "-1").starts_with("Invalid alpha value"));
    assert!(msg("adadelta", "rho", "1.5").starts_with("Invalid rho value"));
    assert!(msg("adagrad", "lr_decay", "-1").starts_with("Invalid lr_decay value"));
    assert_eq!(
        msg("sgd", "nesterov", "true"),
        "Nesterov momentum requires a momentum and zero dampening"
    );
    assert!(parts("nesterov", &[("dampening", "0.1")]).is_err());
    assert!(matches!(
        parts("adam", &[("lr", "fast")]),
        Err(SpecError::BadValue { .. })
    ));
    assert!(matches!(
        parts("adam", &[("lr", "NaN")]),
        Err(SpecError::BadValue { .. })
    ));
    assert!(matches!(
        parts("adam", &[("lr", "inf")]),
        Err(SpecError::BadValue { .. })
    ));
    assert!(matches!(
        parts("adam", &[("betas", "0.9")]),
        Err(SpecError::BadValue { .. })
    ));
    assert!(matches!(
        parts("adam", &[("amsgrad", "yes")]),
        Err(SpecError::BadValue { .. })
    ));
    assert!(matches!(
        "adam(lr=0.1".parse::<OptimizerSpec>(),
        Err(SpecError::Syntax { .. })
    ));
    assert!(matches!(
        "adam(lr)".parse::<OptimizerSpec>(),
        Err(SpecError::Syntax { .. })
    ));
    // Deserialized specs are validated on build.
    let s: OptimizerSpec = serde_json::from_str(r#"{"name": "adam", "lr": -1}"#).expect("json");
    assert!(s.build().is_err());
}

#[test]
fn serde_round_trip_uses_torch_keywords() {
    let s: OptimizerSpec =
        serde_json::from_str(r#"{"name": "sgd", "lr": 0.0005, "momentum": 0.9, "nesterov": true}"#)
            .expect("json");
    assert_eq!(
        s,
        OptimizerSpec::Sgd(SgdConfig {
            lr: 0.0005,
            momentum: 0.9,
            nesterov: true,
            ..Default::default()
        })
    );
    let j = serde_json::to_string(&OptimizerSpec::from_name("adamw").expect("adamw")).expect("ser");
    assert_eq!(
        j,
        r#"{"name":"adamw","lr":0.001,"betas":[0.9,0.999],"eps":1e-8,"weight_decay":0.01,"amsgrad":false}"#
    );
    assert_eq!(
        serde_json::from_str::<OptimizerSpec>(&j).expect("de"),
        OptimizerSpec::from_name("adamw").expect("adamw")
    );
    assert!(
        serde_json::from_str::<OptimizerSpec>(r#"{"name": "sgd", "betas": [0.9, 0.9]}"#).is_err()
    );
    assert!(serde_json::from_str::<OptimizerSpec>(r#"{"name": "gd"}"#).is_ok());
    let c: ScheduleSpec =
        serde_json::from_str(r#"{"name": "cosine", "T_max": 120, "eta_min": 0.0}"#).expect("json");
    assert_eq!(
        c,
        ScheduleSpec::Cosine {
            t_max: 120,
            eta_min: 0.0
        }
    );
}

#[test]
fn schedule_text_forms() {
    let p = |s: &str| s.parse::<ScheduleSpec>();
    assert_eq!(p("constant"), Ok(ScheduleSpec::Constant));
    assert_eq!(
        p("step:30:0.5"),
        Ok(ScheduleSpec::Step {
            step_size: 30,
            gamma: 0.5
        })
    );
    assert_eq!(
        p("exponential:0.95"),
        Ok(ScheduleSpec::Exponential { gamma: 0.95 })
    );
    assert_eq!(
        p("cosine:120"),
        Ok(ScheduleSpec::Cosine {
            t_max: 120,
            eta_min: 0.0
        })
    );
    assert_eq!(
        p("cosine:120:0.001"),
        Ok(ScheduleSpec::Cosine {
            t_max: 120,
            eta_min: 0.001
        })
    );
    for s in [
        "constant",
        "step:30:0.5",
        "exponential:0.95",
        "cosine:120:0.001",
    ] {
        assert_eq!(p(&p(s).expect(s).to_string()), p(s), "{s}");
    }
    for bad in [
        "",
        "linear",
        "step:30",
        "step:0:0.5",
        "step:x:0.5",
        "step:-3:0.5",
        "exponential:abc",
        "exponential:-1",
        "cosine:0",
        "cosine:10:-1",
        "cosine:10:0:1",
        "constant:1",
        "exponential:nan",
    ] {
        let e = p(bad).unwrap_err();
        let ScheduleError::Invalid { .. } = &e;
        let m = e.to_string();
        assert!(
            m.contains("accepted forms: constant, step:STEP_SIZE:GAMMA"),
            "{bad}: {m}"
        );
        assert!(m.contains("cosine:T_MAX[:ETA_MIN]"), "{m}");
    }
}

#[test]
fn schedules_follow_torch() {
    let mut s = LrSchedule::new("step:3:0.5".parse().expect("s"), 1.0);
    let lrs: Vec<f64> = (0..7)
        .map(|_| {
            let l = s.lr();
            s.step();
            l
        })
        .collect();
    assert_eq!(lrs, [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]);
    let mut e = LrSchedule::new("exponential:0.5".parse().expect("e"), 2.0);
    e.step();
    e.step();
    assert_eq!(e.lr(), 0.5);
    // Cosine: eta_min at T_max, back up at 2*T_max, symmetric in between.
    let mut c = LrSchedule::new("cosine:10:0.1".parse().expect("c"), 1.0);
    let mut lrs = vec![c.lr()];
    for _ in 0..20 {
        c.step();
        lrs.push(c.lr());
    }
    assert!((lrs[10] - 0.1).abs() < 1e-12);
    assert!((lrs[20] - 1.0).abs() < 1e-12);
    assert!((lrs[5] - 0.55).abs() < 1e-12);
    for k in 0..10 {
        assert!((lrs[k] - lrs[20 - k]).abs() < 1e-12, "{k}");
    }
    c.reset();
    assert_eq!(c.lr(), 1.0);
}
