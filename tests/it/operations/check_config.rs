//! `lupa check-config` run as the operator would: the settings in force with secrets
//! redacted, and the problems found.
use std::process::Command;

fn check_config(env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lupa"))
        .arg("check-config")
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("DATABASE_URL")
        .env("LUPA_LOG", "warn")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        !dir.path().join("lupa.db").exists(),
        "checking creates no database"
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn check_config_lists_settings_without_secrets_and_names_the_problems() {
    let report = check_config(&[
        ("LUPA_SERVER__TRUST_FORWARDED_FOR", "true"),
        (
            "LUPA_SMTP__URL",
            "smtp://lupa:hyvin-salainen@mail.example.fi:587",
        ),
        ("LUPA_METRICS__BIND", "0.0.0.0:9464"),
    ]);

    assert!(report.contains("LUPA_SMTP__URL"), "{report}");
    assert!(
        report.contains("smtp://lupa:***@mail.example.fi:587"),
        "{report}"
    );
    assert!(!report.contains("hyvin-salainen"), "{report}");
    assert!(report.contains("no LUPA_SERVER__PUBLIC_URL"), "{report}");
    assert!(report.contains("/metrics would be public"), "{report}");
    assert!(!report.contains("no LUPA_SMTP__URL"), "{report}");
}

#[test]
fn a_configuration_ready_for_production_has_no_problems() {
    let report = check_config(&[
        ("LUPA_SERVER__PUBLIC_URL", "https://lupa.example.fi"),
        ("LUPA_SERVER__TRUST_FORWARDED_FOR", "true"),
        ("LUPA_SMTP__URL", "smtp://mail.example.fi:587"),
        // Whether Voikko is installed depends on the machine; its check has a unit test.
        ("LUPA_SEARCH__VOIKKO", "false"),
    ]);

    assert!(report.contains("No problems found."), "{report}");
}
