//! Embeds the files under `static/` in the binary: writes `$OUT_DIR/static_files.rs`, a table of
//! (path under `static/`, `include_bytes!` of the file), read by `src/web/assets.rs`. The
//! binary then serves its stylesheet from any working directory.
use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("static");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut table = String::from("&[\n");
    for (name, full) in &files {
        table.push_str(&format!("    ({name:?}, include_bytes!({full:?})),\n"));
    }
    table.push(']');
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets it")).join("static_files.rs");
    fs::write(out, table).expect("writing the table of static files");
}

/// Every file under `dir` as (path relative to `root` with `/`, absolute path).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((name, path.display().to_string()));
        }
    }
}
