//! The server's standard input and output, as a [`Connection`] of channels.
//!
//! lsp-server's `Connection::stdio()` ends its reader thread at the first frame it cannot
//! read, which ends the server. copylint runs its own reader loop instead, around the
//! same `Message::read` (lsp-server still does all the framing and JSON-RPC parsing):
//!
//! - a frame that `Message::read` refuses (bad JSON, not a JSON-RPC message, a bad or
//!   missing header) is reported to the server as a [`MALFORMED`] notification, which it
//!   logs to the client; the reader then skips to the next `Content-Length:` header and
//!   goes on. A wrong `Content-Length` loses at most the frames it overlaps.
//! - a `Content-Length` over [`MAX_MESSAGE`] is refused before anything is allocated
//!   (`Message::read` would allocate whatever a header announces): [`Input`] checks each
//!   header line as `Message::read` reads it.
//! - the end of standard input closes the channel, and the server stops.
//!
//! Only the writer thread writes to standard output.

use std::io::{self, BufRead, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Sender, unbounded};
use lsp_server::{Connection, Message, Notification};

/// Method of the notification the reader sends the server about a frame it skipped; its
/// params are the reason, as a string. (`$/` methods are never a client's to send
/// meaningfully, and the server only logs this one.)
pub const MALFORMED: &str = "$/copylint/malformedMessage";

/// The largest message accepted, in bytes: room for a 10 MB document escaped as JSON, many
/// times over.
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// The connection over standard input and output, and the writer thread to join (after
/// dropping the connection) so that every message is written before the process exits.
pub fn stdio() -> io::Result<(Connection, JoinHandle<()>)> {
    let (to_server, from_client) = unbounded::<Message>();
    let (to_client, from_server) = unbounded::<Message>();
    // The reader is never joined: it may be blocked reading when the server exits.
    thread::Builder::new()
        .name("copylint-lsp-reader".into())
        .spawn(move || read_loop(Input::new(io::stdin().lock()), &to_server))?;
    let writer = thread::Builder::new()
        .name("copylint-lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            for message in from_server {
                // The client went away: nothing left to write to.
                if message.write(&mut out).is_err() {
                    break;
                }
            }
            let _ = out.flush();
        })?;
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    Ok((connection, writer))
}

/// Reads messages from `input` and sends them to the server until the input ends, the
/// server hangs up, or `exit` arrives. Frames that cannot be read are reported and skipped.
pub fn read_loop(mut input: Input<impl BufRead>, to_server: &Sender<Message>) {
    loop {
        let read = catch_unwind(AssertUnwindSafe(|| Message::read(&mut input)));
        let problem = match read {
            Ok(Ok(Some(message))) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
                continue;
            }
            Ok(Ok(None)) => return,
            Ok(Err(err)) if err.kind() == io::ErrorKind::UnexpectedEof => return,
            Ok(Err(err)) => err.to_string(),
            Err(_) => "the message reader panicked".to_string(),
        };
        let notice = Notification::new(MALFORMED.to_string(), shorten(&problem));
        if to_server.send(notice.into()).is_err() {
            return;
        }
        match input.skip_to_next_header() {
            Ok(true) => {}
            Ok(false) | Err(_) => return,
        }
    }
}

/// At most 300 characters of `text` (a bad frame's text can be megabytes).
fn shorten(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Standard input as `Message::read` reads it, with room to put back bytes read too far
/// while looking for the next frame, and a limit on announced message sizes.
pub struct Input<R> {
    pending: Vec<u8>,
    at: usize,
    inner: R,
}

impl<R: BufRead> Input<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        Input {
            pending: Vec::new(),
            at: 0,
            inner,
        }
    }

    /// Discards input up to the next line holding a `Content-Length:` header, which is
    /// kept to be read next. `Ok(false)` when the input ends first. Header names are
    /// matched as clients write them (every client writes `Content-Length`).
    pub fn skip_to_next_header(&mut self) -> io::Result<bool> {
        const HEADER: &[u8] = b"Content-Length:";
        let mut line = Vec::new();
        loop {
            line.clear();
            if self.read_until(b'\n', &mut line)? == 0 {
                return Ok(false);
            }
            if let Some(at) = memchr::memmem::find(&line, HEADER) {
                let mut rest = line.split_off(at);
                rest.extend_from_slice(&self.pending[self.at..]);
                self.pending = rest;
                self.at = 0;
                return Ok(true);
            }
        }
    }
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.pending.len() {
            Ok(&self.pending[self.at..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, amount: usize) {
        if self.at < self.pending.len() {
            self.at = (self.at + amount).min(self.pending.len());
            if self.at == self.pending.len() {
                self.pending.clear();
                self.at = 0;
            }
        } else {
            self.inner.consume(amount);
        }
    }

    /// `Message::read` reads headers line by line through this method: refuse a
    /// `Content-Length` it would have to allocate more than [`MAX_MESSAGE`] bytes for.
    fn read_line(&mut self, buf: &mut String) -> io::Result<usize> {
        let mut bytes = Vec::new();
        let n = self.read_until(b'\n', &mut bytes)?;
        let line = String::from_utf8(bytes)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "header is not UTF-8"))?;
        if let Some((name, value)) = line.trim_end().split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            let too_big = value
                .trim()
                .parse::<u128>()
                .is_ok_and(|size| size > MAX_MESSAGE as u128);
            if too_big {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "Content-Length {} is over the {MAX_MESSAGE}-byte limit",
                        value.trim()
                    ),
                ));
            }
        }
        buf.push_str(&line);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// What the reader sends the server for `input`: methods, or `!` for a skipped frame.
    fn read_all(input: &str) -> Vec<String> {
        let (to_server, from_client) = unbounded();
        read_loop(Input::new(input.as_bytes()), &to_server);
        drop(to_server);
        from_client
            .iter()
            .map(|m| match m {
                Message::Notification(n) if n.method == MALFORMED => "!".to_string(),
                Message::Notification(n) => n.method,
                Message::Request(r) => r.method,
                Message::Response(r) => format!("response {}", r.id),
            })
            .collect()
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;

    #[test]
    fn a_bad_frame_is_skipped_and_the_next_one_read() {
        let input = [frame("{not json"), frame(PING)].concat();
        assert_eq!(read_all(&input), ["!", "ping"]);
        let input = [frame(r#"{"jsonrpc":"2.0","neither":1}"#), frame(PING)].concat();
        assert_eq!(read_all(&input), ["!", "ping"]);
        let input = ["Content-Length: abc\r\n\r\n{}", &frame(PING)].concat();
        assert_eq!(read_all(&input), ["!", "ping"]);
        let input = ["Content-Type: x\r\n\r\n{}", &frame(PING)].concat();
        assert_eq!(read_all(&input), ["!", "ping"]);
    }

    #[test]
    fn a_content_length_too_short_loses_only_its_frame() {
        let short = format!("Content-Length: 10\r\n\r\n{PING}");
        assert_eq!(read_all(&[short, frame(PING)].concat()), ["!", "ping"]);
    }

    #[test]
    fn a_content_length_too_long_loses_the_frames_it_overlaps() {
        let long = format!("Content-Length: {}\r\n\r\n{PING}", PING.len() + 20);
        let input = [long, frame(PING), frame(PING)].concat();
        assert_eq!(read_all(&input), ["!", "ping"]);
    }

    #[test]
    fn a_huge_content_length_is_refused_before_allocating() {
        let input = [
            "Content-Length: 99999999999999999999\r\n\r\n{}",
            &frame(PING),
        ]
        .concat();
        assert_eq!(read_all(&input), ["!", "ping"]);
    }

    #[test]
    fn input_ending_mid_frame_ends_the_loop() {
        assert_eq!(
            read_all("Content-Length: 100\r\n\r\n{"),
            Vec::<String>::new()
        );
        assert_eq!(read_all(""), Vec::<String>::new());
    }

    #[test]
    fn exit_stops_reading() {
        let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        assert_eq!(read_all(&[frame(exit), frame(PING)].concat()), ["exit"]);
    }
}
