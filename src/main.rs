use std::process::ExitCode;

/// A scan allocates and frees millions of small objects (tree nodes, Rego
/// values) from several threads; mimalloc does that about twice as fast as
/// glibc's allocator (see the README's performance section).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(plumb::cli::main())
}
