//! The dynamic value of a template, modelled on the Go types Helm's templates see.
//!
//! A render runs on one thread, so values use `Rc`, not `Arc`. Maps are shared
//! and mutable, as Go maps are: `{{ $_ := set $d "k" 1 }}` changes `$d` for every
//! holder of it, which charts rely on. Lists are immutable (Sprig's `append`
//! returns a new list, as Go's `append` does for the values templates build).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

/// A map shared by reference, with Go's sorted iteration order (byte order of keys).
pub type Map = Rc<RefCell<BTreeMap<String, Value>>>;

/// The result of a function: a value, or the error text Go's template would wrap as
/// `error calling NAME: TEXT`.
pub type FuncResult = Result<Value, String>;

/// A template function. Arguments arrive evaluated (Go passes `nil` for a missing
/// map key); a function checks and converts its own arguments, as Sprig does with
/// reflection and `cast`.
pub type Func = Rc<dyn Fn(&[Value]) -> FuncResult>;

/// Functions by name, as Go's `template.FuncMap`.
pub type FuncMap = std::collections::HashMap<String, Func>;

#[derive(Clone, Default)]
pub enum Value {
    /// Go's untyped `nil` (also: a missing map key, printed `<no value>` by the executor).
    #[default]
    Nil,
    Bool(bool),
    /// Go's `int`/`int64` (what `len`, Sprig arithmetic and `--set` integers give).
    Int(i64),
    /// Go's `float64` (what numbers in values files decode to).
    Float(f64),
    Str(Rc<str>),
    /// `[]interface{}` (also used for `[]string`).
    List(Rc<Vec<Value>>),
    /// `map[string]interface{}`, shared by reference.
    Map(Map),
    /// A struct or other Go object with fields and methods (`.Capabilities`,
    /// `.Files`, a semver `Version`, ...).
    Object(Rc<dyn Object>),
}

/// A Go struct-like value: fields and methods reachable with `.Name`, and how `fmt`
/// prints it.
pub trait Object {
    /// Go's type name as `printf "%T"` and Sprig's `typeOf` print it, e.g. `*chart.Metadata`.
    fn type_name(&self) -> String;
    /// A field (`.Name`); `None` when the object has no such field or method.
    fn field(&self, name: &str) -> Option<Value> {
        let _ = name;
        None
    }
    /// Call a method (`.Files.Get "x"`, `.Capabilities.APIVersions.Has "v1"`).
    /// `None` when there is no such method.
    fn call(&self, name: &str, args: &[Value]) -> Option<FuncResult> {
        let _ = (name, args);
        None
    }
    /// What `fmt.Sprint` prints for it (`%v`).
    fn display(&self) -> String;
    /// Go's truth of the object in `if`, `and`, `or`, `not`, `empty`: a
    /// pointer to a struct is true; a map-typed object (`.Files.Glob`
    /// results) is true only when it is not empty.
    fn truthy(&self) -> bool {
        true
    }
    /// The value `toYaml`/`toJson` serialise it as (Go marshals a struct by its
    /// exported fields); `Nil` when it has no data form.
    fn to_data(&self) -> Value {
        Value::Nil
    }
}

/// How deep printing, comparing and copying go: templates can build a map
/// that contains itself (`{{ $_ := set $d "self" $d }}`), which would
/// otherwise recurse until the stack overflows.
const MAX_NESTING: u32 = 200;

thread_local! {
    static NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One level deeper, or None past [`MAX_NESTING`]; the level is left when
/// the guard drops.
fn nest() -> Option<NestGuard> {
    NESTING.with(|n| {
        if n.get() >= MAX_NESTING {
            None
        } else {
            n.set(n.get() + 1);
            Some(NestGuard)
        }
    })
}

struct NestGuard;

impl Drop for NestGuard {
    fn drop(&mut self) {
        NESTING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

impl Value {
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(Rc::from(s.as_ref()))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(items))
    }

    pub fn map(entries: BTreeMap<String, Value>) -> Value {
        Value::Map(Rc::new(RefCell::new(entries)))
    }

    pub fn empty_map() -> Value {
        Value::map(BTreeMap::new())
    }

    /// Go's template truth: false, 0, nil, and empty strings, lists and maps are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.borrow().is_empty(),
            Value::Object(o) => o.truthy(),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Go's `reflect.Kind` name as Sprig's `kindOf` prints it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int64",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(_) => "ptr",
        }
    }

    /// A deep copy: maps are copied, not shared (Sprig's `deepCopy`, and what a
    /// chart render does to the values it is given).
    pub fn deep_copy(&self) -> Value {
        let Some(_depth) = nest() else {
            // A map that contains itself (`set $d "self" $d`) ends here.
            return Value::Nil;
        };
        match self {
            Value::List(l) => Value::list(l.iter().map(Value::deep_copy).collect()),
            Value::Map(m) => Value::map(
                m.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.deep_copy()))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(_depth) = nest() else {
            return f.write_str("...");
        };
        match self {
            Value::Nil => f.write_str("Nil"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Int(i) => write!(f, "Int({i})"),
            Value::Float(x) => write!(f, "Float({x})"),
            Value::Str(s) => write!(f, "Str({s:?})"),
            Value::List(l) => f.debug_list().entries(l.iter()).finish(),
            Value::Map(m) => f.debug_map().entries(m.borrow().iter()).finish(),
            Value::Object(o) => write!(f, "Object({})", o.type_name()),
        }
    }
}

/// Structural equality (Go's `reflect.DeepEqual` for data; objects by identity).
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        let Some(_depth) = nest() else {
            return false;
        };
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Map(a), Value::Map(b)) => Rc::ptr_eq(a, b) || *a.borrow() == *b.borrow(),
            (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Go's `fmt.Sprint` of the value (the `%v` verb): `<nil>`, `true`, `42`, `1e+06`,
/// `[a b]`, `map[k:v]`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(_depth) = nest() else {
            return f.write_str("...");
        };
        match self {
            Value::Nil => f.write_str("<nil>"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&go_float(*x)),
            Value::Str(s) => f.write_str(s),
            Value::List(l) => {
                f.write_str("[")?;
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("map[")?;
                for (i, (k, v)) in m.borrow().iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{k}:{v}")?;
                }
                f.write_str("]")
            }
            Value::Object(o) => f.write_str(&o.display()),
        }
    }
}

/// Go's `strconv.FormatFloat(x, 'g', -1, 64)`, which is also what `%v` prints: the
/// shortest digits that read back to `x`, in exponent form when the exponent is
/// below -4 or at least 6 (`1e+06`, `1.5e-05`, `123456`, `0.0001`).
pub fn go_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0");
    }
    // Rust's `{:e}` prints the shortest round-trip digits: "1.234567e6".
    let e = format!("{:e}", x.abs());
    let (mantissa, exp) = e.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        format!("{sign}{digits}{}", "0".repeat(int_len - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Float(x)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(Rc::from(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_are_shared_by_reference_and_deep_copy_breaks_the_sharing() {
        let m = Value::empty_map();
        let alias = m.clone();
        let copy = m.deep_copy();
        if let Value::Map(inner) = &m {
            inner.borrow_mut().insert("k".into(), Value::Int(1));
        }
        assert!(alias.truthy(), "an alias sees the insertion");
        assert!(!copy.truthy(), "a deep copy does not");
    }

    #[test]
    fn prints_as_go_fmt_sprint() {
        let cases = [
            (1e6, "1e+06"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (8080.0, "8080"),
            (0.5, "0.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5, "-2.5"),
            (1.0e21, "1e+21"),
        ];
        for (x, want) in cases {
            assert_eq!(go_float(x), want, "{x}");
        }
        let mut m = BTreeMap::new();
        m.insert(
            "b".to_string(),
            Value::list(vec![Value::str("x"), Value::Nil]),
        );
        m.insert("a".to_string(), Value::Int(1));
        assert_eq!(Value::map(m).to_string(), "map[a:1 b:[x <nil>]]");
    }

    #[test]
    fn a_map_that_contains_itself_prints_compares_and_copies_without_overflow() {
        let m = Value::empty_map();
        if let Value::Map(inner) = &m {
            inner.borrow_mut().insert("self".into(), m.clone());
        }
        let other = Value::empty_map();
        if let Value::Map(inner) = &other {
            inner.borrow_mut().insert("self".into(), other.clone());
        }
        assert!(m.to_string().starts_with("map[self:map[self:"));
        assert!(m.to_string().ends_with("]"));
        assert!(!format!("{m:?}").is_empty());
        assert!(m != other, "unequal past the nesting limit, not a crash");
        assert!(m.deep_copy().truthy());
    }

    #[test]
    fn go_truthiness() {
        assert!(!Value::Nil.truthy());
        assert!(!Value::Int(0).truthy());
        assert!(!Value::Float(0.0).truthy());
        assert!(!Value::str("").truthy());
        assert!(!Value::list(vec![]).truthy());
        assert!(Value::str("0").truthy());
        assert!(Value::list(vec![Value::Nil]).truthy());
    }
}
