//! `manifest.json`: what an export folder holds — the format's version, the Lupa that wrote
//! it, and per table its file, columns, row count and SHA-256. It has no date, so that two
//! exports of the same data are the same bytes.
use std::{
    fs::File,
    io::{BufRead, BufReader, Write},
    path::Path,
};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's file name in an export folder.
pub const MANIFEST: &str = "manifest.json";

/// What `format` says in every Lupa export.
pub const FORMAT: &str = "lupa-export";

/// The version of the folder's layout and rows' spelling this Lupa writes and reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The version of the Lupa that wrote the export.
    pub app_version: String,
    /// The newest database migration the exported database had.
    pub schema: String,
    /// Whether password hashes and token tables are included (`--with-credentials`).
    pub credentials: bool,
    /// In import order.
    pub tables: Vec<TableEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    /// The JSON Lines file, beside the manifest.
    pub file: String,
    pub columns: Vec<String>,
    pub rows: u64,
    /// SHA-256 of the file, in hex.
    pub sha256: String,
}

impl Manifest {
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(dir.join(MANIFEST), text)
    }

    pub fn read(dir: &Path) -> Result<Manifest, String> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a Lupa export manifest: {e}", path.display()))?;
        if manifest.format != FORMAT {
            return Err(format!(
                "{} is not a Lupa export (format {:?})",
                path.display(),
                manifest.format
            ));
        }
        if manifest.format_version != FORMAT_VERSION {
            return Err(format!(
                "the export has format version {}, this Lupa reads version {FORMAT_VERSION}: import it with Lupa {}",
                manifest.format_version, manifest.app_version
            ));
        }
        Ok(manifest)
    }
}

/// A writer that hashes and counts what passes through it.
pub struct Hashing<W> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Hashing<W> {
    pub fn new(inner: W) -> Self {
        Hashing {
            inner,
            hash: Sha256::new(),
        }
    }

    /// Flush and give the hex digest.
    pub fn finish(mut self) -> std::io::Result<String> {
        self.inner.flush()?;
        Ok(hex::encode(self.hash.finalize()))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A table's file's SHA-256 and line count, read back.
pub fn digest_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut reader = BufReader::new(File::open(path)?);
    let mut hash = Sha256::new();
    let mut lines = 0;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        hash.update(buf);
        lines += buf.iter().filter(|b| **b == b'\n').count() as u64;
        let n = buf.len();
        reader.consume(n);
    }
    Ok((hex::encode(hash.finalize()), lines))
}
