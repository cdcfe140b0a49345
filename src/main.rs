use std::process::ExitCode;

fn main() -> ExitCode {
    asklint::cli::run(asklint::cli::parse())
}
