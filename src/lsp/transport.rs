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
//!   (`Message::read` would allocate whatever a header announces), and so is a header
//!   line over [`MAX_HEADER_LINE`] bytes: [`Input`] checks each header line as
//!   `Message::read` reads it. Skipping to the next header keeps no more than a read
//!   buffer, however long the garbage.
//! - the end of standard input closes the channel, and the server stops.
//!
//! Memory stays bounded whatever the client does. The reader stays at most
//! [`READ_AHEAD`] messages ahead of the server, so a client that writes faster than the
//! server lints waits on its own writes. Going out, a client that does not read gets
//! backpressure for replies and log messages ([`Outbox`] holds at most [`MAX_QUEUED`]
//! before the server waits), while diagnostics are never queued twice for one document:
//! a newer `publishDiagnostics` replaces an unsent older one, which the protocol says it
//! supersedes anyway. So a client that stops reading while its user types does not stall
//! the server, and gets the latest diagnostics, not a backlog, when it reads again.
//!
//! Only the writer thread writes to standard output.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Select, Sender, bounded};
use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{Notification as _, PublishDiagnostics};

/// Method of the notification the reader sends the server about a frame it skipped; its
/// params are the reason, as a string. (`$/` methods are never a client's to send
/// meaningfully, and the server only logs this one.)
pub const MALFORMED: &str = "$/copylint/malformedMessage";

/// The largest message accepted, in bytes: room for a 10 MB document escaped as JSON, many
/// times over.
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// The longest header line accepted, in bytes. Real headers (`Content-Length: 1234`,
/// `Content-Type: ...`) are a few dozen bytes.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// How many messages the reader reads ahead of the server.
pub const READ_AHEAD: usize = 64;

/// How many replies and log messages wait for a client that does not read before the
/// server waits too (diagnostics do not count: there is at most one per document).
pub const MAX_QUEUED: usize = 64;

/// The connection over standard input and output, and the writer thread to join (after
/// dropping the connection) so that every message is written before the process exits.
pub fn stdio() -> io::Result<(Connection, JoinHandle<()>)> {
    let (to_server, from_client) = bounded::<Message>(READ_AHEAD);
    // One message at most waits here: the outbox takes each as it comes (until it is
    // full), and only there can a document's diagnostics replace older ones.
    let (to_client, from_server) = bounded::<Message>(1);
    let (to_writer, from_outbox) = bounded::<Message>(0);
    // The reader is never joined: it may be blocked reading when the server exits.
    thread::Builder::new()
        .name("copylint-lsp-reader".into())
        .spawn(move || read_loop(Input::new(io::stdin().lock()), &to_server))?;
    // The outbox ends when the server drops its end and everything queued is handed on.
    thread::Builder::new()
        .name("copylint-lsp-outbox".into())
        .spawn(move || forward(&from_server, &to_writer))?;
    let writer = thread::Builder::new()
        .name("copylint-lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            for message in from_outbox {
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

/// Passes the server's messages to the writer through an [`Outbox`] until the server hangs
/// up and everything is handed on, or the writer is gone.
pub fn forward(from_server: &Receiver<Message>, to_writer: &Sender<Message>) {
    let mut outbox = Outbox::default();
    // The message offered to the writer next, out of the outbox.
    let mut next: Option<Message> = None;
    let mut open = true;
    loop {
        if next.is_none() {
            next = outbox.pop();
        }
        if !open && next.is_none() {
            return;
        }
        let mut select = Select::new();
        let receive = (open && !outbox.full()).then(|| select.recv(from_server));
        let send = next.is_some().then(|| select.send(to_writer));
        let operation = select.select();
        if Some(operation.index()) == receive {
            match operation.recv(from_server) {
                Ok(message) => outbox.push(message),
                Err(_) => open = false,
            }
        } else if let (Some(_), Some(message)) = (send, next.take())
            && operation.send(to_writer, message).is_err()
        {
            return;
        }
    }
}

/// Messages for a client that is not reading: in order, except that a document's newer
/// diagnostics replace its older ones in place.
#[derive(Default)]
pub struct Outbox {
    queue: VecDeque<Queued>,
    /// The newest unsent diagnostics of each document in `queue`, by URI.
    diagnostics: HashMap<String, Message>,
    /// How many of `queue` are not diagnostics.
    others: usize,
}

enum Queued {
    Message(Message),
    Diagnostics(String),
}

impl Outbox {
    /// Queues `message`; a `publishDiagnostics` replaces an unsent one for its document.
    pub fn push(&mut self, message: Message) {
        let Some(uri) = diagnostics_uri(&message) else {
            self.others += 1;
            self.queue.push_back(Queued::Message(message));
            return;
        };
        match self.diagnostics.entry(uri) {
            Entry::Occupied(mut superseded) => {
                superseded.insert(message);
            }
            Entry::Vacant(slot) => {
                self.queue
                    .push_back(Queued::Diagnostics(slot.key().clone()));
                slot.insert(message);
            }
        }
    }

    /// The oldest message queued.
    pub fn pop(&mut self) -> Option<Message> {
        loop {
            match self.queue.pop_front()? {
                Queued::Message(message) => {
                    self.others -= 1;
                    return Some(message);
                }
                Queued::Diagnostics(uri) => {
                    if let Some(message) = self.diagnostics.remove(&uri) {
                        return Some(message);
                    }
                }
            }
        }
    }

    /// Whether [`MAX_QUEUED`] messages other than diagnostics wait: take no more.
    pub fn full(&self) -> bool {
        self.others >= MAX_QUEUED
    }

    /// How many messages are queued.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

/// The document a `publishDiagnostics` notification is about.
fn diagnostics_uri(message: &Message) -> Option<String> {
    match message {
        Message::Notification(n) if n.method == PublishDiagnostics::METHOD => {
            Some(n.params.get("uri")?.as_str()?.to_string())
        }
        _ => None,
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

    /// Discards input up to the next `Content-Length:` header, which is kept to be read
    /// next. `Ok(false)` when the input ends first. Header names are matched as clients
    /// write them (every client writes `Content-Length`). Holds one read buffer at a time,
    /// however long the lines it discards.
    pub fn skip_to_next_header(&mut self) -> io::Result<bool> {
        const HEADER: &[u8] = b"Content-Length:";
        // The last bytes seen, which may hold the start of a header split across reads.
        let mut window: Vec<u8> = Vec::new();
        loop {
            let chunk = self.fill_buf()?;
            if chunk.is_empty() {
                return Ok(false);
            }
            window.extend_from_slice(chunk);
            let read = chunk.len();
            self.consume(read);
            if let Some(at) = memchr::memmem::find(&window, HEADER) {
                let mut rest = window.split_off(at);
                rest.extend_from_slice(&self.pending[self.at..]);
                self.pending = rest;
                self.at = 0;
                return Ok(true);
            }
            window.drain(..window.len().saturating_sub(HEADER.len() - 1));
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

    /// `Message::read` reads headers line by line through this method: refuse a line
    /// longer than [`MAX_HEADER_LINE`] (without keeping it) and a `Content-Length` it would
    /// have to allocate more than [`MAX_MESSAGE`] bytes for.
    fn read_line(&mut self, buf: &mut String) -> io::Result<usize> {
        let mut bytes = Vec::new();
        loop {
            let chunk = self.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            let (take, done) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            // Never more than one byte past the limit, but always that byte: what follows
            // is then searched for the next header, and this line's start is behind.
            let room = MAX_HEADER_LINE + 1 - bytes.len();
            let take = take.min(room);
            bytes.extend_from_slice(&chunk[..take]);
            self.consume(take);
            if bytes.len() > MAX_HEADER_LINE {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("a header line longer than {MAX_HEADER_LINE} bytes"),
                ));
            }
            if done {
                break;
            }
        }
        let n = bytes.len();
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
    use crossbeam_channel::unbounded;

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
    fn a_header_line_over_the_limit_is_refused_without_keeping_it() {
        let long = format!("X-Padding: {}\r\n", "a".repeat(10 * MAX_HEADER_LINE));
        assert_eq!(read_all(&[long, frame(PING)].concat()), ["!", "ping"]);
        // A `Content-Length` line that never ends is not found again and again.
        let endless = format!("Content-Length: {}", "9".repeat(10 * MAX_HEADER_LINE));
        assert_eq!(read_all(&[endless, frame(PING)].concat()), ["!", "ping"]);
    }

    #[test]
    fn a_header_split_across_reads_is_found() {
        // A frame too short for its body: the rest of the body is skipped, then the next
        // frame is read, wherever the reads cut its header.
        let bad = format!("Content-Length: 5\r\n\r\n{{not {}", "json ".repeat(1000));
        let input = [bad, frame(PING)].concat();
        for capacity in [1, 3, 7, 16, 4096] {
            let (to_server, from_client) = unbounded();
            let reader = std::io::BufReader::with_capacity(capacity, input.as_bytes());
            read_loop(Input::new(reader), &to_server);
            drop(to_server);
            assert_eq!(from_client.iter().count(), 2, "capacity {capacity}");
        }
    }

    fn diagnostics(uri: &str, version: i32) -> Message {
        Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            serde_json::json!({"uri": uri, "diagnostics": [], "version": version}),
        )
        .into()
    }

    fn log(text: &str) -> Message {
        Notification::new("window/logMessage".to_string(), text).into()
    }

    fn describe(message: Message) -> String {
        match message {
            Message::Notification(n) if n.method == PublishDiagnostics::METHOD => {
                format!(
                    "{} v{}",
                    n.params["uri"].as_str().unwrap(),
                    n.params["version"]
                )
            }
            Message::Notification(n) => n.params.as_str().unwrap().to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn newer_diagnostics_replace_unsent_ones_and_the_rest_keeps_its_order() {
        let mut outbox = Outbox::default();
        for message in [
            diagnostics("a", 1),
            log("one"),
            diagnostics("b", 1),
            diagnostics("a", 2),
            log("two"),
            diagnostics("a", 3),
        ] {
            outbox.push(message);
        }
        assert_eq!(outbox.len(), 4);
        let order: Vec<String> = std::iter::from_fn(|| outbox.pop()).map(describe).collect();
        assert_eq!(order, ["a v3", "one", "b v1", "two"]);
        // Once sent, a document's diagnostics are queued again.
        outbox.push(diagnostics("a", 4));
        assert_eq!(outbox.pop().map(describe).as_deref(), Some("a v4"));
        assert!(outbox.is_empty());
    }

    #[test]
    fn replies_and_logs_fill_the_outbox_and_diagnostics_never_do() {
        let mut outbox = Outbox::default();
        for version in 0..10 * MAX_QUEUED as i32 {
            outbox.push(diagnostics("a", version));
            outbox.push(diagnostics("b", version));
        }
        assert_eq!(outbox.len(), 2);
        assert!(!outbox.full());
        for _ in 0..MAX_QUEUED {
            outbox.push(log("x"));
        }
        assert!(outbox.full());
    }

    /// The outbox hands everything on once the server hangs up, and stops taking from
    /// the server while the writer takes nothing.
    #[test]
    fn forward_waits_for_the_writer_and_flushes_at_the_end() {
        let (to_outbox, from_server) = bounded::<Message>(1);
        let (to_writer, from_outbox) = bounded::<Message>(0);
        let outbox = std::thread::spawn(move || forward(&from_server, &to_writer));
        // Nobody writes yet: the outbox takes MAX_QUEUED logs, the channel one more, and
        // the server then waits (it would block on the next send).
        for i in 0..=MAX_QUEUED {
            to_outbox.send(log(&i.to_string())).unwrap();
        }
        let mut sent = 0;
        while to_outbox.try_send(log("more")).is_ok() {
            sent += 1;
            assert!(sent < 2 * MAX_QUEUED, "the outbox takes without bound");
            std::thread::yield_now();
        }
        drop(to_outbox);
        let written: Vec<String> = from_outbox.iter().map(describe).collect();
        outbox.join().unwrap();
        assert_eq!(written.len(), MAX_QUEUED + 1 + sent);
        assert_eq!(written[0], "0");
    }

    #[test]
    fn exit_stops_reading() {
        let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        assert_eq!(read_all(&[frame(exit), frame(PING)].concat()), ["exit"]);
    }
}
