//! The `namesake` command. `main.rs` only calls [`main_exit`]; each subcommand lives in its own
//! module and assembles the library crates.
//!
//! Exit codes: 0 no hit, 1 at least one hit, 2 error.

/// `println!` that returns an error on a closed pipe instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($t)*)?;
    }};
}

mod args;
mod atomic;
mod audit_anchor;
mod checks;
pub mod compare;
mod config_file;
mod db_cmds;
mod decisions;
mod diff_summary;
mod duplicates;
mod faults;
pub mod i18n;
pub mod input;
mod list_guard;
mod lists;
mod loading;
mod os_user;
pub mod output;
mod payment;
mod progress;
mod screen;
mod serve;
mod stale;
mod store_args;
mod store_cmds;
mod summary;
mod unaudited;
pub mod update;

use std::process::ExitCode;

use clap::Parser;

pub use input::{parse_query_row, Columns, QueryRow};

/// What a command found, for the exit code.
pub enum Outcome {
    /// Nothing matched (exit 0).
    NoHit,
    /// At least one hit (exit 1).
    Hit,
}

/// Parses the arguments, runs the command and maps the result to an exit code.
pub fn main_exit() -> ExitCode {
    let cli = args::Cli::parse();
    i18n::init(cli.lang.as_deref());
    match run(cli) {
        Ok(Outcome::NoHit) => ExitCode::from(0),
        Ok(Outcome::Hit) => ExitCode::from(1),
        Err(err) => {
            // A closed pipe (`namesake screen … | head`) is not an error.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::from(0);
            }
            eprintln!("{}: {err}", i18n::t("error"));
            for cause in err.chain().skip(1) {
                eprintln!("  {}: {cause}", i18n::t("caused_by"));
            }
            ExitCode::from(2)
        }
    }
}

fn run(cli: args::Cli) -> anyhow::Result<Outcome> {
    let db = cli.database.as_deref();
    match cli.command {
        args::Command::Lists(a) if a.source.lists.is_empty() => store_cmds::lists(a, db),
        args::Command::Lists(a) => lists::run(a),
        args::Command::Screen(a) => screen::run(a, db),
        args::Command::Compare(a) => compare::run(a),
        args::Command::Import(a) => store_cmds::import(a, db),
        args::Command::Diff(a) => store_cmds::diff(a, db),
        args::Command::Audit(a) => store_cmds::audit(a, db),
        args::Command::Decide(a) => store_cmds::decide(a, db),
        args::Command::Decisions(a) => decisions::run(a, db),
        args::Command::Subjects(a) => store_cmds::subjects(a, db),
        args::Command::Rescreen(a) => store_cmds::rescreen(a, db),
        args::Command::Update(a) => update::run(a, db),
        args::Command::Serve(a) => serve::run(a, db),
        args::Command::Db(a) => db_cmds::run(a),
        args::Command::ScreenPayment(a) => payment::run(a, db),
    }
}
