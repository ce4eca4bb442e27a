//! `lupa`: parse the command line, load the settings, run.
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = lupa::cli::Cli::parse();
    let settings = cli.settings()?;
    lupa::telemetry::init(&settings.log_filter);
    lupa::cli::run(cli, settings).await
}
