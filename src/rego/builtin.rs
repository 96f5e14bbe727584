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
    "policies/kubernetes/container_may_run_as_root.rego",
    "policies/kubernetes/container_may_run_as_root_test.rego",
    "policies/kubernetes/dangerous_capability_added.rego",
    "policies/kubernetes/dangerous_capability_added_test.rego",
    "policies/kubernetes/host_namespace_shared.rego",
    "policies/kubernetes/host_namespace_shared_test.rego",
    "policies/kubernetes/host_path_volume.rego",
    "policies/kubernetes/host_path_volume_test.rego",
    "policies/kubernetes/lib.rego",
    "policies/kubernetes/node_port_service.rego",
    "policies/kubernetes/node_port_service_test.rego",
    "policies/kubernetes/secret_in_env_literal.rego",
    "policies/kubernetes/secret_in_env_literal_test.rego",
    "policies/kubernetes/writable_root_filesystem.rego",
    "policies/kubernetes/writable_root_filesystem_test.rego",
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
