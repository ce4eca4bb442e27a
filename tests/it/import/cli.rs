//! `lupa import` as the operator runs it: a progress bar on standard error, a summary at
//! the end, and nothing twice on a second run.
use std::process::Command;

use super::data;

fn lupa(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lupa"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env("LUPA_LOG", "warn")
        .output()
        .expect("running lupa")
}

#[test]
fn import_prints_progress_and_a_summary_and_a_second_run_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let org = lupa(
        dir.path(),
        &[
            "org",
            "create",
            "--name",
            "Kunnan digitiimi",
            "--short",
            "digi",
        ],
    );
    assert!(org.status.success(), "{org:?}");
    let file = data("wordpress.xml");
    let file = file.to_str().unwrap();

    let first = lupa(dir.path(), &["import", "wordpress", file, "--org", "digi"]);
    let out = String::from_utf8_lossy(&first.stdout);
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{out}\n{err}");
    assert!(
        err.contains("3/3 comments") && err.contains("100%"),
        "{err}"
    );
    assert!(out.contains("posts imported:        3"), "{out}");
    assert!(out.contains("comments imported:     2"), "{out}");
    assert!(out.contains("a pingback or trackback"), "{out}");

    let second = lupa(dir.path(), &["import", "wordpress", file, "--org", "digi"]);
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success(), "{out}");
    assert!(out.contains("posts imported:        0"), "{out}");
    assert!(out.contains("already imported by an earlier run"), "{out}");

    // An organisation that does not exist is named in the error.
    let wrong = lupa(dir.path(), &["import", "wordpress", file, "--org", "eiole"]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("lupa org create"));
}
