//! `lupa`: parse the command line, load the settings, run.
use clap::Parser;

/// mimalloc rather than glibc's malloc: a page is made of many small strings allocated and
/// freed on the runtime's worker threads, and under load glibc's allocator took a third of
/// the server's CPU (`docs/performance.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = lupa::cli::Cli::parse();
    let settings = cli.settings()?;
    lupa::telemetry::init_as(&settings.log_filter, settings.log_format);
    lupa::cli::run(cli, settings).await
}
