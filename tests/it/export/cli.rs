//! `lupa export`, `lupa import lupa` and `lupa backup` as the operator runs them.
use std::{path::Path, process::Output};

use super::assert_same_exports;

fn lupa(data_dir: &Path, args: &[&str]) -> Output {
    crate::cli::lupa(data_dir, args, None)
}

fn lupa_with_input(data_dir: &Path, args: &[&str], input: &str) -> Output {
    crate::cli::lupa(data_dir, args, Some(input))
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{o:?}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn operator_moves_a_site_into_a_new_data_folder_and_backs_it_up() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    ok(lupa(&old, &["demo"]));
    let said = ok(lupa(&old, &["export", first.to_str().unwrap()]));
    assert!(said.contains("without credentials"), "{said}");
    assert!(first.join("manifest.json").exists());

    // Into a folder with content: refused, with the reason.
    let refused = lupa(&old, &["import", "lupa", first.to_str().unwrap()]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("not empty"), "{err}");
    // Into a non-empty export folder: refused.
    let refused = lupa(&old, &["export", first.to_str().unwrap()]);
    assert!(!refused.status.success());

    let said = ok(lupa(&new, &["import", "lupa", first.to_str().unwrap()]));
    assert!(said.contains("posts"), "{said}");
    ok(lupa(&new, &["export", second.to_str().unwrap()]));
    assert_same_exports(&first, &second);

    // Without credentials nobody has a password; the operator gives the admin one.
    let said = ok(lupa_with_input(
        &new,
        &[
            "user",
            "set-password",
            "--email",
            "aino.administraattori@vero.example",
            "--password-stdin",
        ],
        "uusi pitkä salasana\n",
    ));
    assert!(said.contains("set"), "{said}");

    let copy = tmp.path().join("copy.db");
    ok(lupa(&new, &["backup", copy.to_str().unwrap()]));
    assert!(std::fs::metadata(&copy).unwrap().len() > 0);
    let copied = std::fs::read(&copy).unwrap();
    let has = |needle: &[u8]| copied.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"$argon2"), "the new password's hash is in the backup");
}
