//! Semantic-version ranges as Helm checks them (`chartutil.IsCompatibleRange`,
//! Masterminds/semver v3): a dependency's `version` against its subchart's
//! version, and `kubeVersion` against the cluster version.
//!
//! Supported: `||` alternatives, `,`/space-separated conjunctions, the operators
//! `=`, `!=`, `>`, `<`, `>=`, `<=`, `=<`, `~`, `~>`, `^`, hyphen ranges
//! (`1.2 - 1.4.5`), wildcards (`x`, `X`, `*`, missing parts) and pre-releases (a
//! pre-release version only satisfies a comparator whose version has one). An
//! empty or malformed range matches nothing, as in Helm.

use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
}

fn cmp_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for (x, y) in pa.iter().zip(pb.iter()) {
        let o = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            _ => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    pa.len().cmp(&pb.len())
}

impl Version {
    fn cmp(&self, o: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| cmp_pre(&self.pre, &o.pre))
    }
}

/// Parses a version leniently (`v1.2`, `1`, `1.2.3-rc.1+build`).
fn parse_version(s: &str) -> Option<Version> {
    let s = s.trim();
    let s = s.strip_prefix('v').unwrap_or(s);
    let s = s.split('+').next()?;
    let (nums, pre) = match s.split_once('-') {
        Some((n, p)) => (n, p.to_string()),
        None => (s, String::new()),
    };
    let parts: Vec<&str> = nums.split('.').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut v = [0u64; 3];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        v[i] = p.parse().ok()?;
    }
    Some(Version {
        major: v[0],
        minor: v[1],
        patch: v[2],
        pre,
    })
}

/// How many leading parts of a constraint's version are given (the rest are
/// wildcards): 0 for `*`, 1 for `1.x`, 2 for `1.2`, 3 for `1.2.3`.
struct Partial {
    v: Version,
    given: usize,
}

fn is_wild(p: &str) -> bool {
    matches!(p, "x" | "X" | "*")
}

fn parse_partial(s: &str) -> Option<Partial> {
    let s = s.trim();
    let s = s.strip_prefix('v').unwrap_or(s);
    let s = s.split('+').next()?;
    if s.is_empty() || is_wild(s) {
        return Some(Partial {
            v: Version {
                major: 0,
                minor: 0,
                patch: 0,
                pre: String::new(),
            },
            given: 0,
        });
    }
    let (nums, pre) = match s.split_once('-') {
        Some((n, p)) => (n, p.to_string()),
        None => (s, String::new()),
    };
    let parts: Vec<&str> = nums.split('.').collect();
    if parts.len() > 3 {
        return None;
    }
    let mut v = [0u64; 3];
    let mut given = 0;
    for (i, p) in parts.iter().enumerate() {
        if is_wild(p) {
            break;
        }
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        v[i] = p.parse().ok()?;
        given = i + 1;
    }
    Some(Partial {
        v: Version {
            major: v[0],
            minor: v[1],
            patch: v[2],
            pre,
        },
        given,
    })
}

/// The first version past a partial (`1.2` → `1.3.0`, `1` → `2.0.0`).
fn next_after(p: &Partial) -> Option<Version> {
    let v = &p.v;
    let bump = |major, minor, patch| Version {
        major,
        minor,
        patch,
        pre: String::new(),
    };
    match p.given {
        0 => None,
        1 => Some(bump(v.major + 1, 0, 0)),
        2 => Some(bump(v.major, v.minor + 1, 0)),
        _ => Some(bump(v.major, v.minor, v.patch + 1)),
    }
}

fn in_range(v: &Version, lo: &Version, hi: Option<&Version>) -> bool {
    v.cmp(lo) != Ordering::Less && hi.is_none_or(|h| v.cmp(h) == Ordering::Less)
}

fn check_one(op: &str, p: &Partial, v: &Version) -> bool {
    if !v.pre.is_empty() && p.v.pre.is_empty() {
        return false;
    }
    let lo = &p.v;
    let next = next_after(p);
    let exact = p.given == 3;
    match op {
        "" | "=" => {
            if exact {
                v.cmp(lo) == Ordering::Equal
            } else {
                in_range(v, lo, next.as_ref())
            }
        }
        "!=" => {
            if exact {
                v.cmp(lo) != Ordering::Equal
            } else {
                !in_range(v, lo, next.as_ref())
            }
        }
        ">" => {
            if exact {
                v.cmp(lo) == Ordering::Greater
            } else {
                next.is_some_and(|n| v.cmp(&n) != Ordering::Less)
            }
        }
        ">=" => v.cmp(lo) != Ordering::Less,
        "<" => v.cmp(lo) == Ordering::Less,
        "<=" | "=<" => {
            if exact {
                v.cmp(lo) != Ordering::Greater
            } else {
                next.is_none_or(|n| v.cmp(&n) == Ordering::Less)
            }
        }
        "~" | "~>" => {
            let hi = if p.given <= 1 {
                Version {
                    major: lo.major + 1,
                    minor: 0,
                    patch: 0,
                    pre: String::new(),
                }
            } else {
                Version {
                    major: lo.major,
                    minor: lo.minor + 1,
                    patch: 0,
                    pre: String::new(),
                }
            };
            p.given == 0 || in_range(v, lo, Some(&hi))
        }
        "^" => {
            let hi = if lo.major > 0 || p.given <= 1 {
                Version {
                    major: lo.major + 1,
                    minor: 0,
                    patch: 0,
                    pre: String::new(),
                }
            } else if lo.minor > 0 || p.given == 2 {
                Version {
                    major: 0,
                    minor: lo.minor + 1,
                    patch: 0,
                    pre: String::new(),
                }
            } else {
                Version {
                    major: 0,
                    minor: 0,
                    patch: lo.patch + 1,
                    pre: String::new(),
                }
            };
            p.given == 0 || in_range(v, lo, Some(&hi))
        }
        _ => false,
    }
}

const OPS: [&str; 10] = ["!=", ">=", "<=", "=<", "~>", "=", ">", "<", "~", "^"];

/// Whether `version` satisfies the range `constraint` (Helm's
/// `IsCompatibleRange`); false when either does not parse.
pub fn is_compatible_range(constraint: &str, version: &str) -> bool {
    let Some(v) = parse_version(version) else {
        return false;
    };
    if constraint.trim().is_empty() {
        return false;
    }
    constraint.split("||").any(|alt| match and_group(alt) {
        Some(group) => group.iter().all(|(op, p)| check_one(op, p, &v)),
        None => false,
    })
}

fn and_group(alt: &str) -> Option<Vec<(String, Partial)>> {
    let alt = alt.trim();
    if let Some((a, b)) = alt.split_once(" - ") {
        let lo = parse_partial(a)?;
        let hi = parse_partial(b)?;
        return Some(vec![(">=".into(), lo), ("<=".into(), hi)]);
    }
    // Tokens: an operator may be separated from its version by spaces.
    let mut out = Vec::new();
    let mut pending_op: Option<String> = None;
    for tok in alt.split([',', ' ']).filter(|t| !t.is_empty()) {
        let op = OPS.iter().find(|o| tok.starts_with(**o)).copied();
        let (op, rest) = match op {
            Some(o) => (o.to_string(), &tok[o.len()..]),
            None => (pending_op.take().unwrap_or_default(), tok),
        };
        if rest.is_empty() {
            pending_op = Some(op);
            continue;
        }
        out.push((op, parse_partial(rest)?));
    }
    if out.is_empty() || pending_op.is_some() {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::is_compatible_range as ok;

    #[test]
    fn ranges_as_masterminds_semver() {
        assert!(ok("0.3.0", "0.3.0"));
        assert!(!ok("0.3.0", "0.3.1"));
        assert!(ok("1.x.x", "1.2.0"));
        assert!(ok("2.x", "2.31.0"));
        assert!(
            !ok("2.x", "0.1.0"),
            "helm v4.1.4 drops the alias for this pair"
        );
        assert!(
            !ok("", "0.1.0"),
            "helm v4.1.4: an empty range matches nothing"
        );
        assert!(ok(">=1.0.0", "1.2.3"));
        assert!(ok(">= 1.0.0, < 2.0.0", "1.9.9"));
        assert!(!ok(">=1.0.0 <2.0.0", "2.0.0"));
        assert!(ok("^1.2.3", "1.9.0"));
        assert!(!ok("^0.2.3", "0.3.0"));
        assert!(ok("~1.2.3", "1.2.9"));
        assert!(!ok("~1.2.3", "1.3.0"));
        assert!(ok("1.2 - 1.4.5", "1.4.5"));
        assert!(ok("<1.0.0 || >=3.0.0", "3.1.0"));
        assert!(ok("*", "9.9.9"));
        assert!(ok(">=1.21.0-0", "v1.35.0"));
        assert!(!ok(">=1.21.0", "v1.35.0-rc.1"));
        assert!(!ok("not a range", "1.0.0"));
    }
}
