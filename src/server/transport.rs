//! The language server's standard input and output: LSP base-protocol frames
//! (`Content-Length: N` headers, then N bytes of JSON), read and written by two threads.
//!
//! lsp-server's own stdio transport stops at the first frame that is not a message; this one reads
//! past it (the frame's length is known), answers a parse error, and goes on. Every read is
//! bounded: a header line, and a frame's body (a 64 MiB document, JSON-escaped, fits).

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message, Notification, RequestId};

/// The largest frame body read: larger ones are skipped, unread.
pub const MAX_FRAME: usize = 256 << 20;
/// The longest header line.
const MAX_HEADER_LINE: usize = 1 << 10;

/// The threads that move messages between the streams and the connection.
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Wait for both: the writer ends when the server drops its connection, the reader at the end
    /// of input (not waited for when the client keeps standard input open after `exit`).
    pub fn join(self) {
        let _ = self.writer.join();
        if self.reader.is_finished() {
            let _ = self.reader.join();
        }
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, Threads) {
    let (to_server, receiver) = crossbeam_channel::bounded::<Message>(0);
    let (sender, from_server) = crossbeam_channel::unbounded::<Message>();
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        read_messages(&mut stdin.lock(), MAX_FRAME, &to_server);
    });
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        write_messages(&mut stdout.lock(), &from_server);
    });
    (Connection { sender, receiver }, Threads { reader, writer })
}

/// The notification the reader hands the server for a request it could not read: the server
/// answers it (`params`: the request's `id` and the error's `message`). The reader holds no
/// sender of its own, so the writer ends as soon as the server is done.
pub const UNREADABLE_REQUEST: &str = "$/asklint/unreadableRequest";

/// Read frames until the end of `input` (or until the server stops listening), handing each
/// message to the server; a request that cannot be read is handed as [`UNREADABLE_REQUEST`].
pub fn read_messages(input: &mut impl BufRead, limit: usize, to_server: &Sender<Message>) {
    loop {
        let frame = match read_frame(input, limit) {
            Ok(Some(frame)) => frame,
            Ok(None) => return,
            Err(err) => {
                crate::server::log(&format!("cannot read a message: {err}"));
                if err.kind() == io::ErrorKind::InvalidData {
                    continue;
                }
                return;
            }
        };
        match serde_json::from_slice::<Message>(&frame) {
            Ok(message) => {
                if to_server.send(message).is_err() {
                    return;
                }
            }
            Err(err) => {
                crate::server::log(&format!("a message that is not JSON-RPC: {err}"));
                let id = serde_json::from_slice::<serde_json::Value>(&frame)
                    .ok()
                    .and_then(|v| serde_json::from_value::<RequestId>(v.get("id")?.clone()).ok());
                // A request whose id can be read gets its error; anything else is only logged
                // (a response needs an id).
                if let Some(id) = id {
                    let params =
                        serde_json::json!({"id": id, "message": format!("not a request: {err}")});
                    let notification = Notification::new(UNREADABLE_REQUEST.to_owned(), params);
                    if to_server.send(notification.into()).is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// One frame's body; `None` at the end of input. `InvalidData`: a frame that was skipped (the
/// next one can be read); any other error ends the input.
fn read_frame(input: &mut impl BufRead, limit: usize) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    let mut started = false;
    loop {
        line.clear();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return if started {
                Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the input ended inside a header",
                ))
            } else {
                Ok(None)
            };
        }
        if !line.ends_with(b"\n") {
            return Err(io::Error::other("a header line longer than 1 KiB"));
        }
        started = true;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a frame without a Content-Length",
        ));
    };
    if length > limit {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {length} bytes, more than the {limit} read"),
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// Write every message the server sends, until it drops its connection.
pub fn write_messages(output: &mut impl Write, from_server: &Receiver<Message>) {
    for message in from_server {
        if message.write(output).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_frame_that_is_not_a_message_is_answered_and_the_next_is_read() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"params":{}}"#),
            "Content-Type: x\r\n\r\n".to_owned(),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
        ]
        .concat();
        let (to_server, received) = crossbeam_channel::unbounded();
        read_messages(&mut input.as_bytes(), MAX_FRAME, &to_server);
        let received: Vec<Message> = received.try_iter().collect();
        let [
            Message::Notification(unreadable),
            Message::Notification(exit),
        ] = &received[..]
        else {
            panic!("{received:?}")
        };
        assert_eq!(unreadable.method, UNREADABLE_REQUEST);
        assert_eq!(unreadable.params["id"], 7);
        assert_eq!(exit.method, "exit");
    }

    #[test]
    fn a_frame_larger_than_the_bound_is_skipped_unread() {
        let input = frame(&format!(
            r#"{{"jsonrpc":"2.0","method":"{}"}}"#,
            "x".repeat(100)
        )) + &frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let (to_server, received) = crossbeam_channel::unbounded();
        read_messages(&mut input.as_bytes(), 64, &to_server);
        let received: Vec<Message> = received.try_iter().collect();
        assert!(
            matches!(&received[..], [Message::Notification(n)] if n.method == "exit"),
            "{received:?}"
        );
    }
}
