//! `semver` and `semverCompare`: Masterminds/semver v3 as Sprig uses it.
//!
//! Versions are parsed leniently (`v1.2`, `1`, leading zeros accepted, `Original`
//! kept); constraints support `=`, `!=`, `>`, `<`, `>=`, `=>`, `<=`, `=<`, `~`,
//! `~>`, `^`, wildcards (`1.x`, `1.2.*`, a missing part counts as a wildcard),
//! hyphen ranges (`1.2 - 1.4.5`), `,`/space for AND and `||` for OR. As in v3, a
//! pre-release version only satisfies a constraint that itself has a pre-release
//! (hence charts write `>=1.21-0`).

use std::cmp::Ordering;
use std::rc::Rc;

use super::util::{arity, f, s};
use crate::value::{FuncMap, FuncResult, Object, Value};

/// A parsed version (Masterminds' `*semver.Version`).
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
    pub metadata: String,
    pub original: String,
}

fn ident_ok(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

impl Version {
    /// Masterminds' `NewVersion`.
    pub fn parse(v: &str) -> Result<Version, String> {
        let err = || "invalid semantic version".to_string();
        let body = v.strip_prefix('v').unwrap_or(v);
        let (body, metadata) = match body.split_once('+') {
            Some((a, b)) => {
                if !ident_ok(b) {
                    return Err(err());
                }
                (a, b.to_string())
            }
            None => (body, String::new()),
        };
        let (nums, pre) = match body.split_once('-') {
            Some((a, b)) => {
                if !ident_ok(b) {
                    return Err(err());
                }
                // Numeric identifiers must not have leading zeros.
                if b.split('.').any(|p| {
                    p.len() > 1 && p.starts_with('0') && p.bytes().all(|c| c.is_ascii_digit())
                }) {
                    return Err("version segment starts with 0".into());
                }
                (a, b.to_string())
            }
            None => (body, String::new()),
        };
        let parts: Vec<&str> = nums.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(err());
        }
        let mut n = [0u64; 3];
        for (k, p) in parts.iter().enumerate() {
            if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
                return Err(err());
            }
            n[k] = p.parse().map_err(|_| err())?;
        }
        Ok(Version {
            major: n[0],
            minor: n[1],
            patch: n[2],
            pre,
            metadata,
            original: v.to_string(),
        })
    }

    /// Masterminds' `Compare`: -1, 0 or 1 (metadata ignored).
    pub fn compare(&self, o: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| match (self.pre.is_empty(), o.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ => compare_pre(&self.pre, &o.pre),
            })
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

fn compare_pre(a: &str, b: &str) -> Ordering {
    let sa: Vec<&str> = a.split('.').collect();
    let sb: Vec<&str> = b.split('.').collect();
    for k in 0..sa.len().max(sb.len()) {
        let x = sa.get(k).copied().unwrap_or("");
        let y = sb.get(k).copied().unwrap_or("");
        let d = compare_pre_part(x, y);
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (s.parse::<u64>(), o.parse::<u64>()) {
        (Err(_), Err(_)) => s.cmp(o),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Ok(a), Ok(b)) => {
            if a > b {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

impl Object for Version {
    fn type_name(&self) -> String {
        "*semver.Version".into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.call(name, &[]).and_then(Result::ok)
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<FuncResult> {
        let other = |args: &[Value]| -> Result<Version, String> {
            match args.first() {
                Some(Value::Object(o)) if o.type_name() == "*semver.Version" => {
                    Version::parse(&o.display())
                }
                Some(Value::Str(s)) => Version::parse(s),
                _ => Err("wrong type for value; expected *semver.Version".into()),
            }
        };
        Some(match name {
            "Major" => Ok(Value::Int(self.major as i64)),
            "Minor" => Ok(Value::Int(self.minor as i64)),
            "Patch" => Ok(Value::Int(self.patch as i64)),
            "Prerelease" => Ok(Value::str(&self.pre)),
            "Metadata" => Ok(Value::str(&self.metadata)),
            "Original" => Ok(Value::str(&self.original)),
            "String" => Ok(Value::from(self.to_string())),
            "Compare" => other(args).map(|o| Value::Int(self.compare(&o) as i64)),
            "LessThan" => other(args).map(|o| Value::Bool(self.compare(&o) == Ordering::Less)),
            "GreaterThan" => {
                other(args).map(|o| Value::Bool(self.compare(&o) == Ordering::Greater))
            }
            "Equal" => other(args).map(|o| Value::Bool(self.compare(&o) == Ordering::Equal)),
            "IncMajor" | "IncMinor" | "IncPatch" => {
                let mut v = self.clone();
                v.pre.clear();
                v.metadata.clear();
                match name {
                    "IncMajor" => {
                        v.major += 1;
                        v.minor = 0;
                        v.patch = 0;
                    }
                    "IncMinor" => {
                        v.minor += 1;
                        v.patch = 0;
                    }
                    _ => {
                        if self.pre.is_empty() {
                            v.patch += 1;
                        }
                    }
                }
                v.original = v.to_string();
                Ok(Value::Object(Rc::new(v)))
            }
            _ => return None,
        })
    }
    fn display(&self) -> String {
        self.to_string()
    }
    fn to_data(&self) -> Value {
        // encoding/json uses Version's MarshalJSON: the version string.
        Value::from(self.to_string())
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    TildeOrEq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Tilde,
    Caret,
}

#[derive(Debug)]
struct Constraint {
    op: Op,
    con: Version,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

fn is_x(p: &str) -> bool {
    matches!(p, "x" | "X" | "*")
}

/// Splits a constraint group into `op version` items.
fn tokens(group: &str) -> Result<Vec<(String, String)>, String> {
    let improper = || format!("improper constraint: {group}");
    let b = group.as_bytes();
    let mut out = Vec::new();
    let mut k = 0;
    loop {
        while k < b.len() && (b[k].is_ascii_whitespace() || b[k] == b',') {
            k += 1;
        }
        if k >= b.len() {
            break;
        }
        let start = k;
        while k < b.len() && b"=!<>~^".contains(&b[k]) {
            k += 1;
        }
        let op = group[start..k].to_string();
        if !matches!(
            op.as_str(),
            "" | "=" | "!=" | ">" | "<" | ">=" | "=>" | "<=" | "=<" | "~" | "~>" | "^"
        ) {
            return Err(improper());
        }
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        let vs = k;
        while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b',' {
            k += 1;
        }
        let ver = group[vs..k].to_string();
        if ver.is_empty() {
            return Err(improper());
        }
        out.push((op, ver));
    }
    if out.is_empty() {
        return Err(improper());
    }
    Ok(out)
}

fn parse_constraint(op: &str, ver: &str, group: &str) -> Result<Constraint, String> {
    let improper = || format!("improper constraint: {group}");
    let body = ver.strip_prefix('v').unwrap_or(ver);
    let (nums, tail) = match body.find(['-', '+']) {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    };
    let parts: Vec<&str> = nums.split('.').collect();
    if parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit() || b"xX*".contains(&c)))
    {
        return Err(improper());
    }
    let (mut minor_dirty, mut patch_dirty, mut dirty) = (false, false, false);
    let pre = tail.split('+').next().unwrap_or("");
    let v = if is_x(parts[0]) {
        dirty = true;
        format!("0.0.0{pre}")
    } else if parts.len() < 2 || is_x(parts[1]) {
        minor_dirty = true;
        dirty = true;
        format!("{}.0.0{pre}", parts[0])
    } else if parts.len() < 3 || is_x(parts[2]) {
        patch_dirty = true;
        dirty = true;
        format!("{}.{}.0{pre}", parts[0], parts[1])
    } else {
        format!("{nums}{tail}")
    };
    let con = Version::parse(&v).map_err(|_| "constraint parser error".to_string())?;
    let op = match op {
        "" | "=" => Op::TildeOrEq,
        "!=" => Op::Ne,
        ">" => Op::Gt,
        "<" => Op::Lt,
        ">=" | "=>" => Op::Ge,
        "<=" | "=<" => Op::Le,
        "~" | "~>" => Op::Tilde,
        _ => Op::Caret,
    };
    Ok(Constraint {
        op,
        con,
        minor_dirty,
        patch_dirty,
        dirty,
    })
}

/// Rewrites `a - b` ranges as `>= a, <= b`.
fn rewrite_ranges(c: &str) -> String {
    let words: Vec<&str> = c.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    let is_ver = |w: &str| {
        w.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b"vxX*".contains(&b))
    };
    while k < words.len() {
        if k + 2 < words.len() && words[k + 1] == "-" && is_ver(words[k]) && is_ver(words[k + 2]) {
            out.push(format!(">= {}, <= {}", words[k], words[k + 2]));
            k += 3;
        } else {
            out.push(words[k].to_string());
            k += 1;
        }
    }
    out.join(" ")
}

fn check(c: &Constraint, v: &Version) -> bool {
    let pre_blocked = !v.pre.is_empty() && c.con.pre.is_empty();
    let cmp = v.compare(&c.con);
    match c.op {
        Op::TildeOrEq => {
            if pre_blocked {
                return false;
            }
            if c.dirty {
                return check_tilde(c, v);
            }
            cmp == Ordering::Equal
        }
        Op::Ne => {
            if c.dirty {
                if pre_blocked {
                    return false;
                }
                if c.con.major != v.major {
                    return true;
                }
                if c.con.minor != v.minor && !c.minor_dirty {
                    return true;
                } else if c.minor_dirty {
                    return false;
                } else if c.con.patch != v.patch && !c.patch_dirty {
                    return true;
                } else if c.patch_dirty {
                    if !v.pre.is_empty() || !c.con.pre.is_empty() {
                        return compare_pre(&v.pre, &c.con.pre) != Ordering::Equal;
                    }
                    return false;
                }
            }
            cmp != Ordering::Equal
        }
        Op::Gt => {
            if pre_blocked {
                return false;
            }
            if !c.dirty {
                return cmp == Ordering::Greater;
            }
            if v.major > c.con.major {
                return true;
            } else if v.major < c.con.major || c.minor_dirty {
                return false;
            } else if c.patch_dirty {
                return v.minor > c.con.minor;
            }
            cmp == Ordering::Greater
        }
        Op::Lt => !pre_blocked && cmp == Ordering::Less,
        Op::Ge => !pre_blocked && cmp != Ordering::Less,
        Op::Le => {
            if pre_blocked {
                return false;
            }
            if !c.dirty {
                return cmp != Ordering::Greater;
            }
            if v.major > c.con.major {
                return false;
            }
            !(v.major == c.con.major && v.minor > c.con.minor && !c.minor_dirty)
        }
        Op::Tilde => !pre_blocked && check_tilde(c, v),
        Op::Caret => {
            if pre_blocked || cmp == Ordering::Less {
                return false;
            }
            if c.con.major > 0 || c.minor_dirty {
                return v.major == c.con.major;
            }
            if v.major > 0 {
                return false;
            }
            if c.con.minor > 0 || c.patch_dirty {
                return v.minor == c.con.minor;
            }
            if v.minor > 0 {
                return false;
            }
            c.con.patch == v.patch
        }
    }
}

fn check_tilde(c: &Constraint, v: &Version) -> bool {
    if !v.pre.is_empty() && c.con.pre.is_empty() {
        return false;
    }
    if v.compare(&c.con) == Ordering::Less {
        return false;
    }
    if c.con.major == 0 && c.con.minor == 0 && c.con.patch == 0 && !c.minor_dirty && !c.patch_dirty
    {
        return true;
    }
    if v.major != c.con.major {
        return false;
    }
    v.minor == c.con.minor || c.minor_dirty
}

/// Sprig's `semverCompare`: whether `version` satisfies `constraint`.
pub fn semver_compare(constraint: &str, version: &str) -> Result<bool, String> {
    let c = rewrite_ranges(constraint);
    let mut groups = Vec::new();
    for g in c.split("||") {
        let toks = tokens(g).map_err(|_| format!("improper constraint: {constraint}"))?;
        let mut cs = Vec::new();
        for (op, ver) in toks {
            cs.push(parse_constraint(&op, &ver, constraint)?);
        }
        groups.push(cs);
    }
    let v = Version::parse(version)?;
    Ok(groups.iter().any(|g| g.iter().all(|c| check(c, &v))))
}

/// Registers `semver` and `semverCompare`.
pub fn register(m: &mut FuncMap) {
    m.insert(
        "semver".into(),
        f(|a| {
            arity("semver", a, 1)?;
            Ok(Value::Object(Rc::new(Version::parse(&s(&a[0])?)?)))
        }),
    );
    m.insert(
        "semverCompare".into(),
        f(|a| {
            arity("semverCompare", a, 2)?;
            Ok(Value::Bool(semver_compare(&s(&a[0])?, &s(&a[1])?)?))
        }),
    );
}
