//! Charts: loading (`Chart.yaml`, values, dependencies) and rendering them as
//! `helm template` does.
