use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    asklint::cli::run(asklint::cli::Cli::parse())
}
