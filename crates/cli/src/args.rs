//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// namesake: sanctions and terrorist-list screening.
#[derive(Parser, Debug)]
#[command(name = "namesake", version, about, long_about = None)]
pub struct Cli {
    /// The store: a `postgres://` URL, or an SQLite file (default: namesake.db in the data
    /// directory, $NAMESAKE_HOME or ~/.local/share/namesake).
    #[arg(
        long,
        global = true,
        env = "NAMESAKE_DATABASE",
        value_name = "URL|PATH"
    )]
    pub database: Option<String>,
    /// Language of messages and table headings: en or tr [default: from LANG].
    #[arg(long, global = true, value_name = "en|tr")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Show what lists hold: name, publication date, counts by type.
    Lists(ListsArgs),
    /// Screen one name, or a CSV file of subjects, against the lists.
    Screen(ScreenArgs),
    /// Score two names against each other, or a CSV of pairs.
    Compare(CompareArgs),
    /// Record list files in the store as new versions (only when their content changed).
    Import(crate::store_args::ImportArgs),
    /// Show what changed between two versions of a list (default: every list's latest import
    /// against the one before).
    Diff(crate::store_args::DiffArgs),
    /// Check or export the audit log of screenings.
    Audit(crate::store_args::AuditArgs),
    /// Record an analyst's decision on a hit: a true match or a false positive.
    Decide(crate::store_args::DecideArgs),
    /// List, export or revoke analysts' decisions (a revocation is recorded, nothing deleted).
    Decisions(crate::decisions::DecisionsArgs),
    /// Register subjects (customers) for re-screening.
    Subjects(crate::store_args::SubjectsArgs),
    /// Screen registered subjects against what changed since the last re-screening.
    Rescreen(crate::store_args::RescreenArgs),
    /// Download the lists from their publishers and record new versions (the last good copy
    /// is kept when a download fails or looks wrong).
    Update(UpdateArgs),
    /// Run the HTTP screening service (yente-compatible /match and the native /v1 API).
    Serve(ServeArgs),
    /// Database administration: `db roles` prints the SQL for PostgreSQL roles.
    Db(crate::db_cmds::DbArgs),
    /// Screen payment messages (ISO 20022 XML, SWIFT MT): every party, bank, address and free text.
    ScreenPayment(crate::payment::ScreenPaymentArgs),
}

#[derive(Args, Debug)]
pub struct UpdateArgs {
    /// Lists to fetch by catalogue code (un, ofac-sdn, ofac-cons, uk, ca, au, or one from the
    /// config file); default: the config file's `[update] lists`, else un and ofac-sdn.
    #[arg(value_name = "LIST")]
    pub lists: Vec<String>,
    /// Config file (default: config.toml in the data directory, when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Record a download even when its content is another list than the code names, or it
    /// holds under half the entities of the list's current version.
    #[arg(long)]
    pub force: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Where the lists come from.
#[derive(Args, Debug, Clone)]
pub struct ListSource {
    /// List files (UN XML, OFAC CSV or XML, …); the format is detected from the content.
    /// Without --list, the current versions imported into the store are used.
    #[arg(long = "list", value_name = "PATH", num_args = 1..)]
    pub lists: Vec<PathBuf>,
    /// Do not read or write the index cache (rebuild from the lists every time).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Args, Debug)]
pub struct ListsArgs {
    #[command(flatten)]
    pub source: ListSource,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ScreenArgs {
    #[command(flatten)]
    pub source: ListSource,
    /// The name to screen (omit with --input).
    #[arg(value_name = "NAME", conflicts_with = "input")]
    pub name: Option<String>,
    /// Date of birth (YYYY, YYYY-MM-DD, DD/MM/YYYY, …).
    #[arg(long)]
    pub dob: Option<String>,
    /// Nationality or country: name or ISO code; repeatable.
    #[arg(long = "nationality", value_name = "COUNTRY")]
    pub nationality: Vec<String>,
    /// Gender: male or female.
    #[arg(long)]
    pub gender: Option<String>,
    /// What the subject is.
    #[arg(long = "type", value_name = "person|organization|vessel|aircraft")]
    pub schema: Option<String>,
    /// An identifier (passport, national id, IMO…): an identical one is decisive; repeatable.
    #[arg(long = "id-number", value_name = "VALUE")]
    pub id_numbers: Vec<String>,
    /// Batch mode: a file of subjects with a header row: CSV (comma, semicolon or tab, any
    /// common encoding), .xlsx/.ods or .parquet; English or Turkish column names.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// How to read the --input file when detection is not wanted.
    #[command(flatten)]
    pub read: InputArgs,
    /// Batch mode: where to write the results, by extension: .jsonl (one JSON object per input
    /// row; the default, also on standard output), .csv, .xlsx or .parquet (one row per hit).
    #[arg(long, value_name = "FILE", requires = "input")]
    pub output: Option<PathBuf>,
    /// Report hits at or above this score (default: the engine's calibrated default, 0.70).
    #[arg(long)]
    pub threshold: Option<f32>,
    /// At most this many hits per subject (more when entities tie at the last place).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Drop an exact listed name whose date of birth or nationality pulls it under the
    /// threshold (by default it is shown, marked "exact name; evidence disagrees").
    #[arg(long)]
    pub no_exact_name_floor: bool,
    /// One hit per list entry: a party on several lists (linked by UN reference number or a
    /// strong identifier) is otherwise one hit naming every list that carries it ("also on").
    #[arg(long)]
    pub separate_lists: bool,
    /// Single mode: print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Single mode: the subject's id (its key for decisions is then `id:<ID>`).
    #[arg(long, value_name = "ID", conflicts_with = "input")]
    pub subject_id: Option<String>,
    /// Do not write the screening to the audit log.
    #[arg(long)]
    pub no_audit: bool,
    /// Who screens, for the audit log (default: the OS user).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

/// How to read a customer file (each is detected when not given).
#[derive(Args, Debug, Clone, Default)]
pub struct InputArgs {
    /// Field delimiter of a text file: , ; | or tab [default: detected from the header].
    #[arg(long, value_name = "CHAR", requires = "input")]
    pub delimiter: Option<String>,
    /// Text encoding: utf-8, windows-1254, windows-1252, utf-16le… [default: detected].
    #[arg(long, value_name = "NAME", requires = "input")]
    pub encoding: Option<String>,
    /// The sheet of a workbook, by name or number from 1 [default: the first].
    #[arg(long, value_name = "NAME|N", requires = "input")]
    pub sheet: Option<String>,
}

impl InputArgs {
    /// The reader's options, or what is wrong with them.
    pub fn options(&self) -> anyhow::Result<crate::input::InputOptions> {
        crate::input::InputOptions::parse(
            self.delimiter.as_deref(),
            self.encoding.as_deref(),
            self.sheet.as_deref(),
        )
        .map_err(anyhow::Error::msg)
    }
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// First name (the query).
    #[arg(value_name = "NAME1", requires = "name2", conflicts_with = "input")]
    pub name1: Option<String>,
    /// Second name (the listed name).
    #[arg(value_name = "NAME2")]
    pub name2: Option<String>,
    /// What both names are: person, organization, vessel, aircraft (`--schema`, the FtM word,
    /// works too).
    #[arg(
        long = "type",
        visible_alias = "schema",
        value_name = "person|organization|vessel|aircraft"
    )]
    pub schema: Option<String>,
    /// A CSV of pairs with columns name1,name2[,schema].
    #[arg(long, value_name = "CSV")]
    pub input: Option<PathBuf>,
    /// Where to write one JSON object per pair (default: standard output).
    #[arg(long, value_name = "JSONL", requires = "input")]
    pub output: Option<PathBuf>,
    /// Print the explanation as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8000, or `addr` in the config file].
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,
    /// List files to serve (or `lists` in the config file); re-read on reload.
    #[arg(long = "list", value_name = "PATH", num_args = 1..)]
    pub lists: Vec<PathBuf>,
    /// Configuration file (TOML): API keys as `[[api_keys]] name = "…" sha256 = "…"`, addr, lists, limits.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Serve without authentication, for local use only (admin routes still need a key).
    #[arg(long)]
    pub open: bool,
    /// Do not read or write the index cache (rebuild from the lists on start and every reload).
    #[arg(long)]
    pub no_cache: bool,
    /// Without --list: check the store for new list versions (and decisions) every SECS seconds.
    #[arg(long, value_name = "SECS", default_value_t = 5)]
    pub follow_secs: u64,
    /// Serve HTTPS with this PEM certificate chain (server certificate first); needs --tls-key.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}
