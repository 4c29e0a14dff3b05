//! `copylint lsp` against clients that do not play along, as in `tests/lsp.rs`: the real
//! binary over pipes. Its memory is the peak resident size the kernel reports for the
//! process when it exits (`wait4`), so nothing here depends on timing.
#![cfg(target_os = "linux")]

use std::io::{BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Far above what the server needs (a few tens of MiB), far below what the unbounded
/// queues and buffers took.
const PEAK_MIB: u64 = 150;

fn start() -> Child {
    Command::new(env!("CARGO_BIN_EXE_copylint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start copylint lsp")
}

fn send(stdin: &mut ChildStdin, message: Value) {
    let body = message.to_string();
    stdin
        .write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .unwrap();
}

fn request(stdin: &mut ChildStdin, id: i64, method: &str, params: Value) {
    send(
        stdin,
        json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
    );
}

fn notify(stdin: &mut ChildStdin, method: &str, params: Value) {
    send(
        stdin,
        json!({"jsonrpc": "2.0", "method": method, "params": params}),
    );
}

fn initialize(stdin: &mut ChildStdin) {
    request(
        stdin,
        1,
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    notify(stdin, "initialized", json!({}));
}

fn shutdown_and_exit(stdin: &mut ChildStdin) {
    request(stdin, 2, "shutdown", Value::Null);
    notify(stdin, "exit", Value::Null);
}

/// Every message the server writes until it closes its output.
fn read_all(stdout: impl Read) -> Vec<Value> {
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::new();
    while let Some(message) = lsp_server::Message::read(&mut reader).expect("a frame") {
        out.push(serde_json::to_value(message).unwrap());
    }
    out
}

/// Waits for `child` to exit: its exit status and its peak resident size in MiB.
fn exit_and_peak(child: Child) -> (Option<i32>, u64) {
    let mut status = 0;
    // SAFETY: plain FFI; `usage` is written by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (code, usage.ru_maxrss as u64 / 1024)
}

/// Waits for a client thread, failing (rather than hanging) if the server never takes
/// what the client writes: a guard, not a measurement.
fn join_or_fail(client: thread::JoinHandle<()>, child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while !client.is_finished() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what}: the server stopped reading its input");
        }
        thread::sleep(Duration::from_millis(20));
    }
    client.join().unwrap();
}

/// A client that writes and never reads: four documents, each with 3,000 findings, and
/// 1,280 edits among them. Before, each batch of edits queued a few megabytes of
/// diagnostics for a writer that could not write; now a document's unsent diagnostics
/// are replaced by its newer ones, so at most one per document waits.
#[test]
fn a_client_that_never_reads_keeps_the_server_bounded() {
    let mut child = start();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let documents = 4;
    let edits = 1280;
    let client = thread::spawn(move || {
        initialize(&mut stdin);
        let text = "SRE calls on ChatGPT.\n".repeat(3000);
        for d in 0..documents {
            notify(
                &mut stdin,
                "textDocument/didOpen",
                json!({"textDocument": {
                    "uri": format!("untitled:doc{d}.md"),
                    "languageId": "markdown",
                    "version": 0,
                    "text": text,
                }}),
            );
        }
        for i in 0..edits {
            // Insert an `x` at the start, then take it out again.
            let (end, insert) = if i / documents % 2 == 0 {
                (0, "x")
            } else {
                (1, "")
            };
            notify(
                &mut stdin,
                "textDocument/didChange",
                json!({
                    "textDocument": {
                        "uri": format!("untitled:doc{}.md", i % documents),
                        "version": i / documents + 1,
                    },
                    "contentChanges": [{
                        "range": {
                            "start": {"line": 0, "character": 0},
                            "end": {"line": 0, "character": end},
                        },
                        "text": insert,
                    }],
                }),
            );
        }
        shutdown_and_exit(&mut stdin);
    });
    join_or_fail(client, &mut child, "edits");
    // Only now does the client read.
    let messages = read_all(stdout);
    let (code, peak) = exit_and_peak(child);
    eprintln!("peak resident size {peak} MiB");
    assert_eq!(code, Some(0), "shutdown and exit");
    assert!(
        peak < PEAK_MIB,
        "peak resident size {peak} MiB for a client that does not read"
    );
    // What was kept is the newest: each document's last diagnostics are of its last
    // version, which has all 3,000 findings again.
    for d in 0..documents {
        let uri = format!("untitled:doc{d}.md");
        let last = messages
            .iter()
            .rev()
            .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
            .unwrap_or_else(|| panic!("no diagnostics for {uri}"));
        assert_eq!(last["params"]["version"], edits / documents, "{uri}");
        assert_eq!(
            last["params"]["diagnostics"].as_array().unwrap().len(),
            3000
        );
    }
}

/// A 400 MiB header line: refused after 8 KiB, without keeping it, and the frame it
/// belonged to is still read (its `Content-Length` is found by skipping to it).
#[test]
fn a_400_mib_header_line_is_refused_in_bounded_memory() {
    let mut child = start();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = thread::spawn(move || read_all(stdout));
    let client = thread::spawn(move || {
        initialize(&mut stdin);
        stdin.write_all(b"X-Padding: ").unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..400 {
            stdin.write_all(&chunk).unwrap();
        }
        stdin.write_all(b"\r\n").unwrap();
        request(&mut stdin, 3, "textDocument/codeAction", json!({}));
        shutdown_and_exit(&mut stdin);
    });
    join_or_fail(client, &mut child, "the long header");
    let messages = reader.join().unwrap();
    let (code, peak) = exit_and_peak(child);
    eprintln!("peak resident size {peak} MiB");
    assert_eq!(
        code,
        Some(0),
        "shutdown and exit: {} messages",
        messages.len()
    );
    assert!(peak < PEAK_MIB, "peak resident size {peak} MiB");
    let logged = messages.iter().any(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("a header line longer than 8192 bytes"))
    });
    assert!(logged, "the refusal is logged: {messages:?}");
    assert!(
        messages.iter().any(|m| m["id"] == 3),
        "the request after the long line is answered"
    );
}
