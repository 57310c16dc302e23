//! Sampling the function's range and refusing what f32 cannot draw.

use descent::expr::{Function, RangeError};

#[test]
fn range_of_the_bowl() {
    let f = Function::parse("x^2 + y^2").unwrap();
    let r = f.sample_range((-5.0, 5.0), (-5.0, 5.0), 11).unwrap();
    assert_eq!((r.f_min, r.f_max), (0.0, 50.0));
    assert_eq!(r.argmin, [0.0, 0.0]);
    assert_eq!(r.non_finite, 0);
}

#[test]
fn overflowing_f32_is_an_error_not_garbage() {
    let f = Function::parse("exp(x^2)").unwrap();
    let e = f.sample_range((-20.0, 20.0), (-1.0, 1.0), 32).unwrap_err();
    assert!(matches!(e, RangeError::F32Overflow { .. }), "{e}");
    assert!(e.to_string().contains("32-bit float"), "{e}");
    // The same function on a small domain is fine.
    assert!(f.sample_range((-2.0, 2.0), (-1.0, 1.0), 32).is_ok());
}

#[test]
fn undefined_everywhere_and_bad_domains() {
    let f = Function::parse("log(-1 - x^2)").unwrap();
    assert_eq!(
        f.sample_range((-1.0, 1.0), (-1.0, 1.0), 8),
        Err(RangeError::Undefined)
    );
    let f = Function::parse("sqrt(x)").unwrap();
    let r = f.sample_range((-1.0, 1.0), (-1.0, 1.0), 9).unwrap();
    assert!(r.non_finite > 0 && r.f_max == 1.0);
    assert_eq!(
        f.sample_range((1.0, -1.0), (0.0, 1.0), 8),
        Err(RangeError::BadDomain)
    );
    assert_eq!(
        f.sample_range((0.0, f64::NAN), (0.0, 1.0), 8),
        Err(RangeError::BadDomain)
    );
}
