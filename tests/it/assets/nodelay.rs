//! `TCP_NODELAY` on every accepted connection, read back from the accepted socket.
use axum::serve::Listener;
use lupa::startup::without_nagle;
use tokio::net::{TcpListener, TcpStream};

#[tokio::test]
async fn every_accepted_connection_has_nagles_algorithm_off() {
    let mut listener = without_nagle(TcpListener::bind("127.0.0.1:0").await.unwrap());
    let address = listener.local_addr().unwrap();
    for _ in 0..2 {
        let client = TcpStream::connect(address);
        let ((accepted, _), _client) = tokio::join!(listener.accept(), client);
        assert!(
            accepted.nodelay().unwrap(),
            "the accepted socket has TCP_NODELAY set"
        );
    }
}

#[tokio::test]
async fn a_plain_listener_would_not_set_it() {
    // The control: the option is off by default, so the test above checks our setting.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let client = TcpStream::connect(address);
    let (accepted, _client) = tokio::join!(listener.accept(), client);
    assert!(!accepted.unwrap().0.nodelay().unwrap());
}
