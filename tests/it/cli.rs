//! The operator's command line, run as a real process against a fresh SQLite file.
use std::{
    io::Write,
    path::Path,
    process::{Command, Output, Stdio},
};

use lupa::{config::Settings, db, entities};
use sea_orm::{EntityTrait, PaginatorTrait};

pub(crate) fn lupa(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lupa"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env("LUPA_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting lupa");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("running lupa")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn operator_creates_an_organisation_a_person_and_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let org = lupa(
        dir.path(),
        &["org", "create", "--name", "Verohallinto", "--short", "vero"],
        None,
    );
    assert!(org.status.success(), "{org:?}");
    assert!(stdout(&org).contains("vero"));

    let user = lupa(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "Maija@Vero.example",
            "--name",
            "Maija Meikäläinen",
            "--org",
            "vero",
            "--role",
            "writer",
            "--password-stdin",
        ],
        Some("pitkä ja hyvä salasana\n"),
    );
    assert!(user.status.success(), "{user:?}");
    assert!(stdout(&user).contains("maija@vero.example"));

    let token = lupa(
        dir.path(),
        &["token", "create", "--email", "maija@vero.example"],
        None,
    );
    assert!(token.status.success(), "{token:?}");
    assert!(stdout(&token).trim().starts_with("lupa_"));

    // The same email again is refused with a message, and so is a short password.
    let again = lupa(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "maija@vero.example",
            "--name",
            "M",
            "--org",
            "vero",
            "--role",
            "member",
            "--password-stdin",
        ],
        Some("pitkä ja hyvä salasana"),
    );
    assert!(!again.status.success());
    let short = lupa(
        dir.path(),
        &[
            "user",
            "create",
            "--email",
            "uusi@vero.example",
            "--name",
            "U",
            "--org",
            "vero",
            "--role",
            "member",
            "--password-stdin",
        ],
        Some("lyhyt"),
    );
    assert!(!short.status.success());
    assert!(
        String::from_utf8_lossy(&short.stderr).contains("12"),
        "{short:?}"
    );
}

#[test]
fn global_flags_work_before_and_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("muu.db").display());
    let before = Command::new(env!("CARGO_BIN_EXE_lupa"))
        .args(["--database-url", &url, "migrate"])
        .env("LUPA_LOG", "warn")
        .output()
        .unwrap();
    assert!(before.status.success(), "{before:?}");
    let after = Command::new(env!("CARGO_BIN_EXE_lupa"))
        .args([
            "org",
            "create",
            "--name",
            "ELY-keskus",
            "--short",
            "ely",
            "--database-url",
            &url,
        ])
        .env("LUPA_LOG", "warn")
        .output()
        .unwrap();
    assert!(after.status.success(), "{after:?}");
    assert!(dir.path().join("muu.db").exists());
    for sub in ["serve", "migrate", "demo", "org", "user", "token"] {
        let help = Command::new(env!("CARGO_BIN_EXE_lupa"))
            .args([sub, "--help"])
            .output()
            .unwrap();
        assert!(help.status.success(), "{sub} --help");
    }
}

#[tokio::test]
async fn demo_fills_an_empty_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let demo = lupa(dir.path(), &["demo"], None);
    assert!(demo.status.success(), "{demo:?}");
    assert!(stdout(&demo).contains("aino.administraattori@vero.example"));

    let settings = Settings {
        data_dir: dir.path().to_owned(),
        ..Settings::default()
    };
    let conn = db::connect(&settings).await.unwrap();
    assert!(
        entities::organization::Entity::find()
            .count(&conn)
            .await
            .unwrap()
            >= 3
    );
    assert!(entities::user::Entity::find().count(&conn).await.unwrap() >= 6);
    assert!(entities::post::Entity::find().count(&conn).await.unwrap() >= 15);
    assert!(
        entities::comment::Entity::find()
            .count(&conn)
            .await
            .unwrap()
            >= 5
    );

    let again = lupa(dir.path(), &["demo"], None);
    assert!(
        !again.status.success(),
        "a second demo must not touch a site with content"
    );
}
