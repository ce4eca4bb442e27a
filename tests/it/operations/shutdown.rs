//! Graceful shutdown of the real binary: on SIGTERM a request already being received is
//! finished and answered (no reset), the search index is committed, and the process exits 0;
//! a request that never ends is cut off after the grace period.
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use super::node::Node;
use crate::helpers::TestClient;

/// A sign-in form whose body is sent in two halves, so the request is in flight (its body
/// half read by the CSRF check) while the server is told to stop.
struct HalfSentForm {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl HalfSentForm {
    async fn start(node: &Node) -> HalfSentForm {
        let browser = TestClient::new(&node.url(""), None);
        let token = browser.csrf_token().await;
        let cookie = browser
            .session_cookie()
            .expect("the sign-in page gave a session");
        let body = format!(
            "csrf_token={token}&email=maija%40vero.example&password=pitk%C3%A4+salasana+t%C3%A4ss%C3%A4"
        );
        let (first, rest) = body.as_bytes().split_at(body.len() / 2);
        let mut stream = TcpStream::connect(("127.0.0.1", node.port)).await.unwrap();
        let head = format!(
            "POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Cookie: lupa_session={cookie}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(first).await.unwrap();
        stream.flush().await.unwrap();
        HalfSentForm {
            stream,
            rest: rest.to_vec(),
        }
    }

    /// Send the rest of the body and read the whole answer (the server closes after it).
    async fn finish(mut self) -> std::io::Result<String> {
        self.stream.write_all(&self.rest).await?;
        let mut answer = Vec::new();
        self.stream.read_to_end(&mut answer).await?;
        Ok(String::from_utf8_lossy(&answer).into_owned())
    }
}

/// The server has begun the POST (its span opened): it is in flight. (Bytes still unread in
/// the socket when the signal comes are not a request yet; HTTP/1.1 cannot tell them apart
/// from a connection about to close, and the proxy's retry covers them: docs/deploy.md.)
fn is_post_started(line: &str) -> bool {
    line.contains("POST") && line.contains("started processing request")
}

#[tokio::test]
async fn sigterm_lets_a_request_in_flight_finish_commits_the_index_and_exits_zero() {
    let mut node = Node::start(&[("LUPA_LOG", "info,tower_http=debug")]).await;
    let in_flight = HalfSentForm::start(&node).await;
    node.line_where(is_post_started).await;

    node.terminate();
    node.line_where(|l| l.contains("shutting down")).await;
    let answer = in_flight
        .finish()
        .await
        .expect("no reset: the request was answered");

    let status_line = answer.lines().next().unwrap_or_default();
    assert!(status_line.starts_with("HTTP/1.1 "), "{answer}");
    assert!(
        !status_line.contains(" 5"),
        "answered with an error: {status_line}"
    );
    assert!(
        answer.contains("</html>"),
        "the whole page arrived: {answer}"
    );
    let rest = node.remaining_lines().await;
    assert!(
        rest.iter().any(|l| l.contains("search index committed")),
        "{rest:#?}"
    );
    let status = node.exit_status().await;
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn a_request_that_never_ends_is_cut_off_after_the_grace_period() {
    let mut node = Node::start(&[
        ("LUPA_SERVER__SHUTDOWN_GRACE_SECONDS", "1"),
        ("LUPA_LOG", "info,tower_http=debug"),
    ])
    .await;
    let _stalled = HalfSentForm::start(&node).await;
    node.line_where(is_post_started).await;

    node.terminate();

    let rest = node.remaining_lines().await;
    assert!(
        rest.iter().any(|l| l.contains("cut off")),
        "the stalled request was given up on: {rest:#?}"
    );
    let status = node.exit_status().await;
    assert!(status.success(), "{status:?}");
}
