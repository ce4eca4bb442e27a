//! A tiny SMTP server for tests: accepts every message and hands it to the test through a
//! channel, so tests wait for real delivery instead of sleeping.
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::mpsc,
};

/// A received message: envelope recipients and the raw RFC 5322 text.
#[derive(Debug)]
pub struct Received {
    pub to: Vec<String>,
    pub raw: Vec<u8>,
}

impl Received {
    /// The text/plain part, decoded.
    pub fn text(&self) -> String {
        let parsed = mailparse::parse_mail(&self.raw).expect("a parseable email");
        find_part(&parsed, "text/plain").unwrap_or_default()
    }
    /// The text/html part, decoded.
    pub fn html(&self) -> String {
        let parsed = mailparse::parse_mail(&self.raw).expect("a parseable email");
        find_part(&parsed, "text/html").unwrap_or_default()
    }
    pub fn subject(&self) -> String {
        let parsed = mailparse::parse_mail(&self.raw).expect("a parseable email");
        use mailparse::MailHeaderMap;
        parsed
            .headers
            .get_first_value("Subject")
            .unwrap_or_default()
    }
}

fn find_part(mail: &mailparse::ParsedMail<'_>, mime: &str) -> Option<String> {
    if mail.ctype.mimetype == mime {
        return mail.get_body().ok();
    }
    mail.subparts.iter().find_map(|p| find_part(p, mime))
}

/// Start the server; returns its `smtp://` URL and the channel of received messages.
pub async fn start() -> (String, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read);
                let _ = write.write_all(b"220 lupa-test-sink ESMTP\r\n").await;
                let mut to = Vec::new();
                loop {
                    let mut line = String::new();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 lupa-test-sink\r\n",
                        "RCPT" => {
                            let addr = line.split(['<', '>']).nth(1).unwrap_or("").to_owned();
                            to.push(addr);
                            b"250 OK\r\n"
                        }
                        "DATA" => {
                            let _ = write.write_all(b"354 go ahead\r\n").await;
                            let mut raw = Vec::new();
                            loop {
                                let mut data = String::new();
                                if lines.read_line(&mut data).await.unwrap_or(0) == 0 {
                                    return;
                                }
                                if data == ".\r\n" {
                                    break;
                                }
                                let data = data
                                    .strip_prefix('.')
                                    .filter(|_| data.starts_with(".."))
                                    .unwrap_or(&data);
                                raw.extend_from_slice(data.as_bytes());
                            }
                            let _ = tx.send(Received {
                                to: std::mem::take(&mut to),
                                raw,
                            });
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 OK\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (format!("smtp://127.0.0.1:{port}"), rx)
}

/// Python's `aiosmtpd` as a separate SMTP server process on a free port: an independent
/// implementation, so a malformed message from Lupa fails here even if our own sink above
/// would swallow it. `refuse_first` DATA commands are answered with `451` (try again later);
/// `reject_all` answers every DATA with `550` (a permanent refusal).
pub struct PySmtp {
    pub url: String,
    pub inbox: mpsc::UnboundedReceiver<Received>,
    _process: tokio::process::Child,
}

const AIOSMTPD_SCRIPT: &str = r#"
import json, sys
from aiosmtpd.controller import Controller
port, refuse, reject = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
class Handler:
    def __init__(self):
        self.refused = 0
    async def handle_DATA(self, server, session, envelope):
        if reject:
            return "550 5.1.1 mailbox unavailable"
        if self.refused < refuse:
            self.refused += 1
            return "451 4.3.0 try again later"
        sys.stdout.write(json.dumps({"to": envelope.rcpt_tos,
            "raw": envelope.original_content.hex()}) + "\n")
        sys.stdout.flush()
        return "250 2.0.0 queued"
controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print("READY", flush=True)
sys.stdin.read()
controller.stop()
"#;

/// Whether the Python test tools must be present (CI sets `TEST_REQUIRE_PYTHON=1`): then a
/// missing package fails the test instead of skipping it.
pub fn python_required() -> bool {
    std::env::var("TEST_REQUIRE_PYTHON").is_ok_and(|v| v == "1")
}

/// Start aiosmtpd; `None` (test skipped, with a note) when Python or aiosmtpd is missing and
/// `TEST_REQUIRE_PYTHON` is not set.
pub async fn start_aiosmtpd(refuse_first: u32, reject_all: bool) -> Option<PySmtp> {
    use tokio::io::AsyncBufReadExt;
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let spawned = tokio::process::Command::new("python3")
        .args([
            "-c",
            AIOSMTPD_SCRIPT,
            &port.to_string(),
            &refuse_first.to_string(),
            if reject_all { "1" } else { "0" },
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut process = match spawned {
        Ok(p) => p,
        Err(e) => return missing_python(&format!("python3: {e}")),
    };
    let stdout = process.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    match lines.next_line().await {
        Ok(Some(line)) if line == "READY" => {}
        _ => {
            let mut err = String::new();
            if let Some(mut stderr) = process.stderr.take() {
                use tokio::io::AsyncReadExt;
                let _ = stderr.read_to_string(&mut err).await;
            }
            return missing_python(&err);
        }
    }
    let (tx, inbox) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            let value: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
            let to = value["to"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            let raw = hex::decode(value["raw"].as_str().unwrap()).unwrap();
            let _ = tx.send(Received { to, raw });
        }
    });
    Some(PySmtp {
        url: format!("smtp://127.0.0.1:{port}"),
        inbox,
        _process: process,
    })
}

fn missing_python<T>(why: &str) -> Option<T> {
    assert!(
        !python_required(),
        "TEST_REQUIRE_PYTHON=1 but aiosmtpd could not start: {why}"
    );
    eprintln!("skipped: aiosmtpd is not available ({why}); `pip install aiosmtpd`");
    None
}

impl Received {
    /// A header of the message.
    pub fn header(&self, name: &str) -> Option<String> {
        use mailparse::MailHeaderMap;
        mailparse::parse_mail(&self.raw)
            .expect("a parseable email")
            .headers
            .get_first_value(name)
    }

    /// The MIME types of every part, depth first.
    pub fn part_types(&self) -> Vec<String> {
        fn walk(mail: &mailparse::ParsedMail<'_>, out: &mut Vec<String>) {
            out.push(mail.ctype.mimetype.clone());
            for p in &mail.subparts {
                walk(p, out);
            }
        }
        let parsed = mailparse::parse_mail(&self.raw).expect("a parseable email");
        let mut out = Vec::new();
        walk(&parsed, &mut out);
        out
    }

    /// The decoded body of the first part of this MIME type.
    pub fn part(&self, mime: &str) -> Option<String> {
        let parsed = mailparse::parse_mail(&self.raw).expect("a parseable email");
        find_part(&parsed, mime)
    }
}
