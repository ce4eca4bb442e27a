//! `lupa`: parse the command line, load the settings, run.
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lupa::telemetry::init("info,sqlx=warn,tower_sessions=warn");
    lupa::cli::run(lupa::cli::Cli::parse()).await
}
