//! The built-in Rego packs, embedded in the binary. A test checks that this
//! list and the files under `policies/` are the same.

macro_rules! pack {
    ($($path:literal),* $(,)?) => {
        /// `(path, source)` of every embedded policy and test file.
        pub const FILES: &[(&str, &str)] = &[
            $(($path, include_str!(concat!("../../", $path)))),*
        ];
    };
}

pack![
    "policies/kubernetes/lib.rego",
    "policies/kubernetes/host_namespace_shared.rego",
    "policies/kubernetes/host_namespace_shared_test.rego",
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_policy_file_is_embedded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<String> = super::super::walk(&root.join("policies"))
            .unwrap()
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rego"))
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = super::FILES.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert_eq!(
            on_disk, listed,
            "update the pack! list in src/rego/builtin.rs"
        );
    }
}
