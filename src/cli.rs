//! The `lupa` command line: serve the site, and the operator commands.
use std::{io::Read, net::SocketAddr, path::PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use crate::{
    auth::{Role, password::Password},
    blog::model::Visibility,
    check_config,
    clock::{self, Clock},
    config::{Secret, Settings},
    db, demo,
    import::{
        model::Format,
        service::{self as import, ImportOptions},
    },
    people::{
        model::{DisplayName, Email, OrgName, ShortName},
        service as people,
    },
    startup::Application,
};

#[derive(Debug, Parser)]
#[command(
    name = "lupa",
    version,
    about = "Lupa — permission to serve: a cross-organisation team blog"
)]
pub struct Cli {
    /// Address to listen on (LUPA_SERVER__BIND), default 127.0.0.1:3000.
    #[arg(long, global = true, value_name = "HOST:PORT")]
    pub bind: Option<SocketAddr>,
    /// Folder for the SQLite database and local files (LUPA_SERVER__DATA_DIR), default ./data.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL, postgres://… or sqlite://… (DATABASE_URL); default SQLite in the data folder.
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default when no command is given).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage people.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Fill an empty database with a demo network (organisations, people, posts, comments).
    Demo(DemoArgs),
    /// Rebuild this node's search index from the database into a fresh folder and swap it
    /// in; a running server switches to it by itself.
    Reindex,
    /// Print the settings in force (secrets redacted) and the problems to fix before going
    /// live; exits 0 either way.
    CheckConfig,
    /// Write the whole site into a folder as JSON Lines with a manifest (see docs/export.md).
    Export(ExportArgs),
    /// Bring content in from elsewhere.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Copy the live SQLite database into a new file while the site serves (PostgreSQL:
    /// use pg_dump).
    Backup {
        /// The copy to make; it must not exist yet.
        file: PathBuf,
    },
}

/// `lupa export`'s options.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The folder to write (created if missing; it must be empty).
    pub dir: PathBuf,
    /// Include password hashes and API, invitation, calendar and confirmation token hashes,
    /// so people can sign in on the new site as before. Keep such an export as safe as the
    /// database itself.
    #[arg(long)]
    pub with_credentials: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Recreate a site from `lupa export`'s folder, into an empty database (either engine).
    Lupa {
        /// The export folder.
        dir: PathBuf,
    },
    /// A Blogger export (Atom XML, classic or newer).
    Blogger(ImportFile),
    /// A WordPress export (WXR).
    Wordpress(ImportFile),
}

/// An export file and how its posts are published here.
#[derive(Debug, Args)]
pub struct ImportFile {
    /// The export file.
    pub file: PathBuf,
    /// Short name of the organisation for authors who have no account here (they become
    /// placeholder people there, unable to sign in); posts are filed under it.
    #[arg(long, value_name = "SHORT")]
    pub org: String,
    /// The posts' language (fi, sv or en); also the language of the note on each post.
    #[arg(long, default_value = "fi")]
    pub language: String,
    /// Make the imported posts readable by signed-in members only (default: public).
    #[arg(long)]
    pub members_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organisation.
    Create {
        /// Full name, e.g. "Verohallinto".
        #[arg(long)]
        name: String,
        /// Short URL-safe name, e.g. "vero".
        #[arg(long)]
        short: String,
        /// Optional description.
        #[arg(long, default_value = "")]
        description: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a person; the password is read from standard input.
    Create(UserCreate),
    /// Set a person's password (read from standard input), e.g. after `lupa import lupa` of
    /// an export without credentials; ends their sessions.
    SetPassword {
        #[arg(long)]
        email: String,
        /// Read the password (12–128 characters) from standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

/// `lupa demo`'s options.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Date the demo as if today were this day (YYYY-MM-DD, Helsinki): its workshops,
    /// scheduling polls and tasks fall on the same days after it as they would after today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub struct UserCreate {
    #[arg(long)]
    pub email: String,
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// Short name of the person's organisation.
    #[arg(long)]
    pub org: String,
    /// admin, editor, writer or member.
    #[arg(long)]
    pub role: String,
    /// Read the password (12–128 characters) from standard input.
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a personal API token and print it (it is shown only once).
    Create {
        #[arg(long)]
        email: String,
        /// A name to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

impl Cli {
    /// Settings from the environment, then these flags.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let mut settings = Settings::from_process_env()?;
        if let Some(bind) = self.bind {
            settings.bind = bind;
        }
        if let Some(dir) = &self.data_dir {
            settings.data_dir = dir.clone();
        }
        if let Some(url) = &self.database_url {
            settings.database_url = Some(Secret::new(url.clone()));
        }
        Ok(settings)
    }
}

/// Run the parsed command line, on the configured clock (`LUPA_CLOCK__START`).
pub async fn run(cli: Cli, settings: Settings) -> anyhow::Result<()> {
    clock::scope(settings.clock(), run_command(cli, settings)).await
}

async fn run_command(cli: Cli, settings: Settings) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
            let stop = shutdown_signal();
            tracing::info!(port = app.port(), "Lupa is serving");
            println!("Lupa: http://127.0.0.1:{}/", app.port());
            if let Some(port) = app.metrics_port() {
                println!("Lupa metrics: port {port}, /metrics");
            }
            app.run_until(stop).await
        }
        Command::CheckConfig => {
            let analyser = crate::search::Analyser::detect(settings.search_voikko);
            println!(
                "Settings in force:\n{}",
                check_config::effective(&settings, &analyser)
            );
            let problems =
                check_config::problems(&settings, &analyser, nodes_seen(&settings).await);
            if problems.is_empty() {
                println!("No problems found.");
            } else {
                println!("Problems ({}):", problems.len());
                for problem in problems {
                    println!("  - {}", problem.0);
                }
            }
            Ok(())
        }
        Command::Migrate => {
            let conn = db::connect(&settings).await?;
            db::migrate(&conn).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Org(OrgCommand::Create {
            name,
            short,
            description,
        }) => {
            let conn = ready_db(&settings).await?;
            let org = people::create_organization(
                &conn,
                OrgName::parse(&name).map_err(field)?,
                ShortName::parse(&short).map_err(field)?,
                description.trim(),
            )
            .await?;
            println!("organisation {} created (id {})", org.short_name, org.id);
            Ok(())
        }
        Command::User(UserCommand::Create(args)) => {
            let conn = ready_db(&settings).await?;
            let password = password_from_stdin()?;
            let Some(role) = Role::parse(&args.role) else {
                bail!("role must be admin, editor, writer or member");
            };
            let user = people::create_user(
                &conn,
                people::NewUser {
                    email: Email::parse(&args.email).map_err(field)?,
                    display_name: DisplayName::parse(&args.name).map_err(field)?,
                    org_short: ShortName::parse(&args.org).map_err(field)?,
                    role,
                    job_title: String::new(),
                    password,
                },
            )
            .await?;
            println!("user {} created (id {})", user.email, user.id);
            Ok(())
        }
        Command::User(UserCommand::SetPassword { email, .. }) => {
            let conn = ready_db(&settings).await?;
            let password = password_from_stdin()?;
            let email = Email::parse(&email).map_err(field)?;
            people::set_password_for_email(&conn, &email, password).await?;
            println!("password of {} set", email.as_str());
            Ok(())
        }
        Command::Token(TokenCommand::Create { email, name }) => {
            let conn = ready_db(&settings).await?;
            let email = Email::parse(&email).map_err(field)?;
            let token = people::create_api_token_for_email(&conn, &email, &name).await?;
            println!("{token}");
            Ok(())
        }
        Command::Demo(DemoArgs { today }) => {
            let conn = ready_db(&settings).await?;
            // `--today` starts the clock at noon that day, so everything the demo writes
            // (not only its workshops and polls) is dated as if it ran then.
            let clock = match today {
                Some(date) => Clock::starting_at(demo::noon_in_helsinki(date)?),
                None => clock::current(),
            };
            clock::scope(clock, async { demo::fill(&conn, db::now()).await }).await?;
            println!("{}", demo::SIGN_IN_HELP);
            Ok(())
        }
        Command::Export(ExportArgs {
            dir,
            with_credentials,
        }) => {
            let conn = ready_db(&settings).await?;
            let manifest = crate::export::export(
                &conn,
                &dir,
                crate::export::ExportOptions { with_credentials },
            )
            .await?;
            let rows: u64 = manifest.tables.iter().map(|t| t.rows).sum();
            println!(
                "exported {rows} rows from {} tables into {}{}",
                manifest.tables.len(),
                dir.display(),
                if with_credentials {
                    " (with credentials: keep it as safe as the database)"
                } else {
                    " (without credentials)"
                }
            );
            Ok(())
        }
        Command::Import(ImportCommand::Lupa { dir }) => {
            let conn = ready_db(&settings).await?;
            let summary = crate::export::import(&conn, &dir).await?;
            for (table, rows) in &summary.tables {
                println!("{table:>24}: {rows}");
            }
            println!(
                "imported; {} posts, comments, workshops and tasks are queued for the search \
                 index, which catches up when Lupa runs (or run `lupa reindex`)",
                summary.queued_for_search
            );
            if !summary.credentials {
                println!(
                    "the export had no credentials: nobody can sign in with a password until \
                     one is set"
                );
            }
            Ok(())
        }
        Command::Backup { file } => {
            let conn = db::connect(&settings).await?;
            crate::export::backup(&conn, &file).await?;
            println!("database copied to {}", file.display());
            Ok(())
        }
        Command::Import(ImportCommand::Blogger(args)) => {
            import_blog(&settings, Format::Blogger, args).await
        }
        Command::Import(ImportCommand::Wordpress(args)) => {
            import_blog(&settings, Format::WordPress, args).await
        }
        Command::Reindex => {
            let conn = ready_db(&settings).await?;
            let analyser = crate::search::Analyser::detect(settings.search_voikko);
            eprintln!("Finnish analyser: {}", analyser.description());
            let position = crate::search::Search::rebuild_fresh(
                conn,
                &settings.data_dir,
                analyser,
                progress_bar,
            )
            .await
            .context("rebuilding the search index")?;
            eprintln!();
            println!(
                "search index rebuilt (outbox position {position}); running nodes switch to it within a second"
            );
            Ok(())
        }
    }
}

/// `lupa import blogger|wordpress`: bring an old blog in, with a progress bar and a summary.
async fn import_blog(settings: &Settings, format: Format, args: ImportFile) -> anyhow::Result<()> {
    let Some(language) = crate::i18n::Lang::parse(&args.language) else {
        bail!("language must be fi, sv or en");
    };
    let options = ImportOptions {
        org: ShortName::parse(&args.org).map_err(field)?,
        language,
        visibility: if args.members_only {
            Visibility::Members
        } else {
            Visibility::Public
        },
    };
    let conn = ready_db(settings).await?;
    let summary = import::run(&conn, format, &args.file, &options, |stage, done, total| {
        draw_bar(done / 1_000_000, total / 1_000_000, stage.describe(), "MB");
    })
    .await;
    eprintln!();
    let summary = summary.with_context(|| format!("importing {}", args.file.display()))?;
    println!("{} import done.\n{summary}", format.name());
    Ok(())
}

/// `lupa reindex`'s progress on standard error: `[#####     ]  50% 120/240 posts`.
fn progress_bar(done: usize, total: usize) {
    draw_bar(done as u64, total as u64, "", "posts with their comments");
}

/// A progress bar on standard error, redrawn in place: `[###   ]  50% 120/240 unit`, after
/// `stage` when there is one.
fn draw_bar(done: u64, total: u64, stage: &str, unit: &str) {
    use std::io::Write;
    const WIDTH: u64 = 30;
    let filled = (done.min(total) * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH);
    let percent = (done.min(total) * 100).checked_div(total).unwrap_or(100);
    let mut err = std::io::stderr().lock();
    let stage = if stage.is_empty() {
        String::new()
    } else {
        format!("{stage}: ")
    };
    let _ = write!(
        err,
        "\r{stage}[{}{}] {percent:>3}% {done}/{total} {unit}    ",
        "#".repeat(filled as usize),
        " ".repeat((WIDTH - filled) as usize)
    );
    let _ = err.flush();
}

/// How many app nodes used the database lately, when it exists and answers (an absent SQLite
/// file is not created).
async fn nodes_seen(settings: &Settings) -> Option<u64> {
    if settings.database_url.is_none() && !settings.data_dir.join("lupa.db").exists() {
        return Some(0);
    }
    let conn = db::connect(settings).await.ok()?;
    let seen =
        crate::search::outbox::live_nodes(&conn, crate::search::index::NODE_STALE_DAYS).await;
    let _ = conn.close().await;
    seen.ok()
}

/// A password read from standard input (one line), checked by the same rules as the pages.
fn password_from_stdin() -> anyhow::Result<Password> {
    let mut raw = String::new();
    std::io::stdin()
        .read_to_string(&mut raw)
        .context("reading the password from standard input")?;
    let raw = raw.trim_end_matches(['\n', '\r']);
    Password::parse(raw).map_err(|e| {
        anyhow::anyhow!(
            "password: {}",
            crate::i18n::Tr::new(crate::i18n::Lang::En).get(e.message_key())
        )
    })
}

async fn ready_db(settings: &Settings) -> anyhow::Result<sea_orm::DatabaseConnection> {
    let conn = db::connect(settings).await?;
    db::migrate(&conn).await?;
    Ok(conn)
}

fn field(e: crate::error::FieldError) -> anyhow::Error {
    anyhow::anyhow!(
        "{}: {}",
        e.field,
        crate::i18n::Tr::new(crate::i18n::Lang::En).get(e.message_key)
    )
}

/// Resolves at Ctrl-C or SIGTERM. The handlers are installed when this is called, not when
/// it is first polled, so a SIGTERM right after the address is printed is not fatal.
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let mut terminate =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let terminate = async {
            match terminate.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {},
            _ = terminate => {},
        }
    }
}
