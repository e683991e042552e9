use std::process::ExitCode;

fn main() -> ExitCode {
    namesake_cli::main_exit()
}
