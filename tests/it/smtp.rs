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
