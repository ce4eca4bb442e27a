//! `lupa`: parse the command line, load the settings, run.
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = lupa::cli::Cli::parse();
    let settings = cli.settings()?;
    lupa::telemetry::init_as(&settings.log_filter, settings.log_format);
    lupa::cli::run(cli, settings).await
}
