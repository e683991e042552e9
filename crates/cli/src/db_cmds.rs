//! `namesake db roles`: prints the SQL that sets up PostgreSQL roles for a shared store (an
//! owner, and an application role that can only append to the audit log).

use clap::{Args, Subcommand};

use crate::Outcome;

#[derive(Args, Debug)]
pub struct DbArgs {
    #[command(subcommand)]
    pub command: DbCommand,
}

#[derive(Subcommand, Debug)]
pub enum DbCommand {
    /// Print the SQL for an owner role and an insert-only application role (run it as a
    /// superuser once namesake has created its tables; connect the application as APP).
    Roles {
        /// The schema namesake's tables are in.
        #[arg(long, default_value = "public")]
        schema: String,
        /// The role that owns the tables and runs migrations.
        #[arg(long, default_value = "namesake_owner")]
        owner: String,
        /// The role the application connects as.
        #[arg(long, default_value = "namesake_app")]
        app: String,
    },
}

pub fn run(a: DbArgs) -> anyhow::Result<Outcome> {
    match a.command {
        DbCommand::Roles { schema, owner, app } => {
            outln!(
                "{}",
                namesake_store::postgres_roles_sql(&schema, &owner, &app)
            );
        }
    }
    Ok(Outcome::NoHit)
}
