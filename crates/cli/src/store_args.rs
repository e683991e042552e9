//! Arguments of the store's subcommands.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand, ValueEnum};

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// List files (the format is detected from the content; for OFAC's CSV set, name
    /// sdn.csv or cons_prim.csv and its companions are read too).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Store the list under this code instead of the one its parser gives (one PATH only).
    #[arg(long = "as", value_name = "LIST")]
    pub as_list: Option<String>,
    /// Record the file even when its content is another list than the code names, or it
    /// holds under half the entities of the list's current version.
    #[arg(long)]
    pub force: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The list code (default: every list with two versions or more).
    #[arg(value_name = "LIST")]
    pub list: Option<String>,
    /// The earlier version id (default: the one before TO).
    #[arg(value_name = "FROM")]
    pub from: Option<i64>,
    /// The later version id (default: the latest).
    #[arg(value_name = "TO")]
    pub to: Option<i64>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Print counts only (added and removed by type, changed by field), not every entity.
    #[arg(long)]
    pub summary: bool,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: AuditCommand,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Recompute the hash chain; name the first record that does not check. With
    /// --checkpoint, also check that no record a signed checkpoint covered was removed or
    /// rewritten.
    Verify(crate::audit_anchor::VerifyArgs),
    /// Write the audit log as JSON lines or CSV.
    Export(AuditExportArgs),
    /// Make a key pair for signing checkpoints: FILE (secret, mode 0600) and FILE.pub.
    Keygen(crate::audit_anchor::KeygenArgs),
    /// Verify the chain and sign its head (sequence, hash, time): one JSON line, appended to
    /// --output or printed, for a WORM store or syslog. Run it from cron to anchor the log.
    Checkpoint(crate::audit_anchor::CheckpointArgs),
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row; JSON fields as JSON text.
    Csv,
}

#[derive(Args, Debug)]
pub struct AuditExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("verdict").required(true).args(["false_positive", "true_match"])))]
pub struct DecideArgs {
    /// The subject key, as screening output prints it (`id:<ID>` or `nd:<hash>`).
    #[arg(value_name = "SUBJECT_KEY")]
    pub subject_key: String,
    /// The listed entity (`un:QDi.015`).
    #[arg(value_name = "ENTITY_ID")]
    pub entity_id: String,
    /// Not the listed party: later screenings of the subject mark this hit suppressed until
    /// the entity changes.
    #[arg(long)]
    pub false_positive: bool,
    /// The listed party.
    #[arg(long)]
    pub true_match: bool,
    /// Why.
    #[arg(long, required = true)]
    pub reason: String,
    /// Who decides (default: the OS user).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Record the decision even when no screening on record reported the entity as a hit for
    /// the subject (the record then says so).
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct SubjectsArgs {
    #[command(subcommand)]
    pub command: SubjectsCommand,
}

#[derive(Subcommand, Debug)]
pub enum SubjectsCommand {
    /// Register the subjects of a CSV (the columns batch screening reads).
    Import(SubjectsImportArgs),
}

#[derive(Args, Debug)]
pub struct SubjectsImportArgs {
    /// The CSV file, with a header row.
    #[arg(value_name = "CSV")]
    pub file: PathBuf,
    /// Forget the subjects registered before.
    #[arg(long)]
    pub replace: bool,
    /// Two rows with one id: refuse the file naming the lines (`error`), or register the first
    /// and warn (`keep-first`).
    #[arg(long, value_enum, default_value_t = crate::duplicates::OnDuplicate::Error)]
    pub on_duplicate: crate::duplicates::OnDuplicate,
}

#[derive(Args, Debug)]
pub struct RescreenArgs {
    /// Alert at or above this score (default: the engine's calibrated default, 0.70).
    #[arg(long)]
    pub threshold: Option<f32>,
    /// At most this many hits per subject.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print one JSON object per alert instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Write the alerts here (JSON lines) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Record the current list versions and registered subjects as screened, without
    /// screening (after a full batch screening of the same customers).
    #[arg(long)]
    pub baseline: bool,
}
