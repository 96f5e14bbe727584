use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(plumb::cli::main())
}
