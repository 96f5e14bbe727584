//! The built-in Rego packs, embedded in the binary: every `.rego` file
//! under `policies/`, listed by `build.rs`.

// `(path, source)` of every embedded policy and test file.
include!(concat!(env!("OUT_DIR"), "/policies.rs"));
