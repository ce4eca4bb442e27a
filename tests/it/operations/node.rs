//! A `lupa serve` process on a fresh SQLite folder, its standard output read line by line
//! (the address it prints, then its log lines).
use std::{process::Stdio, time::Duration};

use tempfile::TempDir;
use tokio::{
    io::{AsyncBufReadExt, BufReader, Lines},
    process::{Child, ChildStdout, Command},
};

/// How long a test waits for a line or an exit before failing (never a synchronisation).
const PATIENCE: Duration = Duration::from_secs(60);

pub struct Node {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
    pub port: u16,
    pub metrics_port: Option<u16>,
    _dir: TempDir,
}

impl Node {
    /// Start `lupa serve` on a free port with these extra environment variables.
    pub async fn start(env: &[(&str, &str)]) -> Node {
        let dir = tempfile::Builder::new()
            .prefix("lupa-node-")
            .tempdir()
            .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_lupa"))
            .args(["--bind", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path())
            .env_remove("DATABASE_URL")
            .env("LUPA_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("starting lupa");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut node_port = None;
        let mut metrics_port = None;
        while node_port.is_none() || (metrics_port.is_none() && wants_metrics(env)) {
            let line = next(&mut lines).await.expect("lupa printed its address");
            if let Some(rest) = line.strip_prefix("Lupa: http://127.0.0.1:") {
                node_port = rest.trim_end_matches('/').parse().ok();
            }
            if let Some(rest) = line.strip_prefix("Lupa metrics: port ") {
                metrics_port = rest.split(',').next().and_then(|p| p.parse().ok());
            }
        }
        Node {
            child,
            lines,
            port: node_port.unwrap(),
            metrics_port,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The next line printed that satisfies `wanted` (earlier ones are passed over).
    pub async fn line_where(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        loop {
            match next(&mut self.lines).await {
                Some(line) if wanted(&line) => return line,
                Some(_) => continue,
                None => panic!("lupa's output ended before the line looked for"),
            }
        }
    }

    /// Every line still to come, until the process closes its output.
    pub async fn remaining_lines(&mut self) -> Vec<String> {
        let mut all = Vec::new();
        while let Some(line) = next(&mut self.lines).await {
            all.push(line);
        }
        all
    }

    /// Send SIGTERM, as systemd and container runtimes do to stop a service.
    pub fn terminate(&self) {
        let pid = self.child.id().expect("lupa is running").to_string();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// Wait for the process to end.
    pub async fn exit_status(&mut self) -> std::process::ExitStatus {
        tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .expect("lupa stopped in time")
            .unwrap()
    }
}

fn wants_metrics(env: &[(&str, &str)]) -> bool {
    env.iter().any(|(k, _)| *k == "LUPA_METRICS__BIND")
}

async fn next(lines: &mut Lines<BufReader<ChildStdout>>) -> Option<String> {
    tokio::time::timeout(PATIENCE, lines.next_line())
        .await
        .expect("lupa printed a line in time")
        .unwrap()
}
