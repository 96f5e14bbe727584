//! Kubernetes resource quantities (`500m`, `0.5`, `128Mi`, `1G`, `1e3`), as
//! `resource.Quantity` reads them, for comparing requests with limits.

use crate::source::yaml::{Node, Value};

/// A quantity in billionths of its unit (nano-cores, nano-bytes), so that
/// every suffix down to `n` compares exactly. Below `1n` a value rounds up,
/// as Kubernetes does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity(i128);

impl Quantity {
    /// Parses a quantity written as a string, an int or a float; `None` when
    /// it is not one (a template placeholder, a typo), so it is not compared.
    pub fn from_node(node: &Node) -> Option<Quantity> {
        match &node.value {
            Value::Str(s) => Quantity::parse(s),
            Value::Int(i) => Some(Quantity(i128::from(*i).checked_mul(NANO)?)),
            // A YAML float reaches Kubernetes as a JSON number; Rust prints
            // finite floats without an exponent, which the grammar accepts.
            Value::Float(f) if f.is_finite() => Quantity::parse(&f.to_string()),
            _ => None,
        }
    }

    /// Parses `<signedNumber><suffix>`: a decimal number, then a binary SI
    /// suffix (`Ki`..`Ei`), a decimal SI suffix (`n u m k M G T P E`) or a
    /// decimal exponent (`e3`, `E-2`).
    pub fn parse(s: &str) -> Option<Quantity> {
        let b = s.as_bytes();
        let mut i = 0;
        let neg = match b.first()? {
            b'-' => {
                i += 1;
                true
            }
            b'+' => {
                i += 1;
                false
            }
            _ => false,
        };
        let mut mantissa: i128 = 0;
        let mut frac_digits: i32 = 0;
        let mut digits = 0;
        let mut seen_dot = false;
        while i < b.len() {
            match b[i] {
                c @ b'0'..=b'9' => {
                    // Past 30 significant digits the rest cannot matter here.
                    if mantissa < 10i128.pow(30) {
                        mantissa = mantissa * 10 + i128::from(c - b'0');
                        if seen_dot {
                            frac_digits += 1;
                        }
                    } else if !seen_dot {
                        return None;
                    }
                    digits += 1;
                }
                b'.' if !seen_dot => seen_dot = true,
                _ => break,
            }
            i += 1;
        }
        if digits == 0 {
            return None;
        }
        let suffix = &s[i..];
        let (exp10, binary): (i32, u32) = match suffix {
            "" => (0, 0),
            "n" => (-9, 0),
            "u" => (-6, 0),
            "m" => (-3, 0),
            "k" => (3, 0),
            "M" => (6, 0),
            "G" => (9, 0),
            "T" => (12, 0),
            "P" => (15, 0),
            "E" => (18, 0),
            "Ki" => (0, 10),
            "Mi" => (0, 20),
            "Gi" => (0, 30),
            "Ti" => (0, 40),
            "Pi" => (0, 50),
            "Ei" => (0, 60),
            _ => {
                let rest = suffix
                    .strip_prefix('e')
                    .or_else(|| suffix.strip_prefix('E'))?;
                let body = rest.strip_prefix(['+', '-']).unwrap_or(rest);
                if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                (rest.parse::<i32>().ok()?, 0)
            }
        };
        let scale = exp10.checked_add(9)?.checked_sub(frac_digits)?;
        let mut v = mantissa.checked_mul(1i128.checked_shl(binary)?)?;
        if scale >= 0 {
            v = v.checked_mul(10i128.checked_pow(u32::try_from(scale).ok()?)?)?;
        } else {
            let div = 10i128.checked_pow(u32::try_from(-scale).ok()?);
            v = match div {
                Some(d) => (v + d - 1) / d,
                None => i128::from(v > 0),
            };
        }
        Some(Quantity(if neg { -v } else { v }))
    }
}

const NANO: i128 = 1_000_000_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_stream;

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).unwrap_or_else(|| panic!("{s} does not parse"))
    }

    fn node(yaml: &str) -> Option<Quantity> {
        let root = parse_stream(&format!("v: {yaml}\n"))
            .documents
            .remove(0)
            .root;
        Quantity::from_node(root.get("v").unwrap())
    }

    #[test]
    fn cpu() {
        assert_eq!(q("500m"), q("0.5"));
        assert_eq!(q("1"), q("1000m"));
        assert_eq!(q("2.5"), q("2500m"));
        assert_eq!(q("100m"), q("0.1"));
        assert!(q("250m") < q("0.3"));
        assert!(q("1") > q("999m"));
        assert_eq!(q("1n").0, 1);
        assert_eq!(q(".5"), q("500m"));
        assert_eq!(q("1."), q("1"));
    }

    #[test]
    fn memory() {
        assert_eq!(q("128Mi").0, 128 * 1024 * 1024 * NANO);
        assert_eq!(q("1Gi"), q("1024Mi"));
        assert_eq!(q("1G").0, 1_000_000_000 * NANO);
        assert!(q("1G") < q("1Gi"));
        assert_eq!(q("500M"), q("0.5G"));
        assert!(q("500M") < q("512Mi"));
        assert_eq!(q("1e3"), q("1k"));
        assert_eq!(q("1E3"), q("1000"));
        assert_eq!(q("1.5e-3"), q("1500u"));
        assert_eq!(q("134217728"), q("128Mi"));
        assert_eq!(q("1Ei").0, (1i128 << 60) * NANO);
    }

    #[test]
    fn below_a_nano_rounds_up() {
        assert_eq!(q("1e-12").0, 1);
        assert_eq!(q("1e-100").0, 1);
        assert_eq!(q("0").0, 0);
    }

    #[test]
    fn not_quantities() {
        for s in [
            "",
            "m",
            "abc",
            "1mi",
            "1KB",
            "1 Gi",
            "1e",
            "1e+",
            "{{ .Values.cpu }}",
            "1..2",
            "1Mi5",
            "--1",
        ] {
            assert_eq!(Quantity::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn from_yaml_scalars() {
        assert_eq!(node("1"), Some(q("1")));
        assert_eq!(node("0.5"), Some(q("500m")));
        assert_eq!(node("\"250m\""), Some(q("250m")));
        assert_eq!(node("1e3"), Some(q("1k")));
        assert_eq!(node("128Mi"), Some(q("128Mi")));
        assert_eq!(node("134217728"), Some(q("128Mi")));
        assert_eq!(node("true"), None);
        assert_eq!(node("~"), None);
        assert_eq!(node(".inf"), None);
    }
}
