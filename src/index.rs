//! The scan's index of resources, built once, for cross-resource rules
//! (PodDisruptionBudgets, NetworkPolicies, HorizontalPodAutoscalers, ...).

use std::collections::HashMap;

use crate::model::Resource;

pub struct Index<'a> {
    resources: &'a [Resource],
    by_ns_kind: HashMap<String, Vec<usize>>,
    by_kind: HashMap<&'a str, Vec<usize>>,
    /// Terraform resources by plan and address (addresses are unique only
    /// within a plan).
    by_tf_address: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> Index<'a> {
    pub fn new(resources: &'a [Resource]) -> Self {
        let mut by_ns_kind: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_kind: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_tf_address = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_ns_kind
                .entry(key(&r.namespace, &r.kind))
                .or_default()
                .push(i);
            by_kind.entry(r.kind.as_str()).or_default().push(i);
            if let Some(tf) = &r.terraform {
                by_tf_address.insert((&*tf.plan, tf.address.as_str()), i);
            }
        }
        Index {
            resources,
            by_ns_kind,
            by_kind,
            by_tf_address,
        }
    }

    /// The Terraform resource at `address` in the plan `plan`.
    pub fn terraform(&self, plan: &str, address: &str) -> Option<&'a Resource> {
        self.by_tf_address
            .get(&(plan, address))
            .map(|&i| &self.resources[i])
    }

    /// Every resource of the scan.
    pub fn all(&self) -> &'a [Resource] {
        self.resources
    }

    /// Resources of `kind` in namespace `ns`.
    pub fn in_namespace(&self, ns: &str, kind: &str) -> impl Iterator<Item = &'a Resource> + '_ {
        self.ids(ns, kind).iter().map(|&i| &self.resources[i])
    }

    fn ids(&self, ns: &str, kind: &str) -> &[usize] {
        self.by_ns_kind
            .get(&key(ns, kind))
            .map_or(&[], Vec::as_slice)
    }

    /// Resources of `kind` in any namespace.
    pub fn of_kind(&self, kind: &str) -> impl Iterator<Item = &'a Resource> + '_ {
        self.by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .map(|&i| &self.resources[i])
    }
}

fn key(ns: &str, kind: &str) -> String {
    let mut k = String::with_capacity(ns.len() + kind.len() + 1);
    k.push_str(ns);
    k.push('\0');
    k.push_str(kind);
    k
}
