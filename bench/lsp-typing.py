#!/usr/bin/env python3
"""Typing latency of `copylint lsp`, driven as an editor drives it.

Builds a ~300 KB Markdown document from real pages (OpenAI-heavy cookbook pages first, so
the document has findings), opens it in `copylint lsp`, then types a sentence holding a
violation into a paragraph in the middle of it, one character per `didChange` (an
incremental range edit, as editors send them). Each keystroke waits for the
`publishDiagnostics` of its version before the next is sent, so the figure is the latency
of one keystroke, not of a batch. Prints the median, p99 and max per run, the load
average, and checks that the typed violation is reported and that the last diagnostics
are those `copylint check` reports for the final text.

    python3 bench/lsp-typing.py --bin target/release/copylint [--runs 3] [--corpus DIR]

Python standard library only.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

SENTENCE = "Our SRE assistant calls on ChatGPT to answer every ticket. "
# Pages read first: OpenAI-heavy, with findings.
FIRST = [
    "openai-cookbook/examples/chatgpt/chatgpt_prompt_guide/chatgpt_prompt_guide.md",
    "openai-cookbook/examples/codex/code_modernization.md",
    "openai-cookbook/articles/chatgpt-agents-sales-meeting-prep.md",
    "openai-cookbook/examples/codex/build_code_review_with_codex_sdk.md",
    "openai-cookbook/examples/chatgpt/gpt_actions_library/gpt_action_retool_workflow.md",
    "openai-cookbook/examples/chatgpt/gpt_actions_library/gpt_action_salesforce_gong.md",
]


def build_document(corpus: pathlib.Path, size: int) -> str:
    """Real pages, OpenAI-heavy ones first, then the cookbook's others in name order,
    joined until the document is `size` bytes or more."""
    names = [corpus / n for n in FIRST if (corpus / n).is_file()]
    names += sorted(p for p in (corpus / "openai-cookbook").rglob("*.md") if p not in names)
    parts, total = [], 0
    for path in names:
        text = path.read_text(encoding="utf-8", errors="replace")
        parts.append(text.rstrip("\n") + "\n\n")
        total += len(parts[-1].encode())
        if total >= size:
            break
    return "".join(parts)


def typing_position(text: str) -> tuple[int, int]:
    """(line, character) at the start of a prose paragraph near the middle: a line after
    a blank line, starting with a letter, outside code fences."""
    lines = text.split("\n")
    fenced = False
    candidates = []
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced and i > 0 and lines[i - 1].strip() == "" and line[:1].isalpha():
            candidates.append(i)
    middle = len(lines) // 2
    line = min(candidates, key=lambda i: abs(i - middle))
    return line, 0


class Server:
    def __init__(self, binary: str, root: pathlib.Path):
        self.proc = subprocess.Popen(
            [binary, "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
        )
        self.next_id = 0

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> dict:
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("copylint lsp closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def request(self, method: str, params) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def published(self, uri: str, version: int) -> list:
        while True:
            message = self.read()
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params["uri"] == uri and params.get("version") == version:
                return params["diagnostics"]

    def stop(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=10)


def run(binary: str, text: str, folder: pathlib.Path) -> tuple[list, list]:
    path = folder / "collateral.md"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    server = Server(binary, folder)
    server.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": folder.as_uri(), "capabilities": {}},
    )
    server.notify("initialized", {})
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
    )
    server.published(uri, 1)
    line, character = typing_position(text)
    version = 1
    latencies = []
    diagnostics = []
    for ch in SENTENCE:
        version += 1
        position = {"line": line, "character": character}
        change = {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": position, "end": position}, "text": ch}],
        }
        start = time.perf_counter()
        server.notify("textDocument/didChange", change)
        diagnostics = server.published(uri, version)
        latencies.append((time.perf_counter() - start) * 1000)
        character += len(ch.encode("utf-16-le")) // 2
    server.stop()
    # The last publish must be what `copylint check` says of the final text.
    final = text.split("\n")
    final[line] = SENTENCE + final[line]
    (folder / "final.md").write_text("\n".join(final), encoding="utf-8")
    out = subprocess.run(
        [binary, "check", "--format", "json", "final.md"],
        cwd=folder, capture_output=True, check=False,
    )
    full = sorted(
        (d["line"] - 1, d["column"] - 1, d["rule"])
        for d in json.loads(out.stdout)["diagnostics"]
        if d["suppressed"] is None
    )
    shown = sorted(
        (d["range"]["start"]["line"], d["range"]["start"]["character"], d["code"])
        for d in diagnostics
    )
    if shown != full:
        sys.exit(f"the server's findings differ from copylint check's:\n{shown}\n{full}")
    typed = [
        d for d in diagnostics
        if d["range"]["start"]["line"] == line and d["code"] == "openai-on-aws/call-wording"
    ]
    if not typed:
        sys.exit("the typed violation was not reported: the run did not lint")
    return latencies, diagnostics


def percentile(values: list, p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    here = pathlib.Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=str(here.parent / "target/release/copylint"))
    parser.add_argument("--corpus", default=str(here.parent.parent / "shared/corpus/real"))
    parser.add_argument("--size", type=int, default=300_000, help="document size in bytes")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    args.bin = str(pathlib.Path(args.bin).resolve())
    text = build_document(pathlib.Path(args.corpus), args.size)
    print(f"document: {len(text.encode())} bytes, {text.count(chr(10))} lines; "
          f"typing {len(SENTENCE)} characters, one didChange each")
    everything = []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            load = os.getloadavg()[0]
            latencies, diagnostics = run(args.bin, text, pathlib.Path(folder))
        everything += latencies
        print(f"run {i + 1}: median {statistics.median(latencies):.2f} ms, "
              f"p99 {percentile(latencies, 99):.2f} ms, max {max(latencies):.2f} ms "
              f"({len(diagnostics)} diagnostics; load average {load:.2f})")
    print(f"all runs: median {statistics.median(everything):.2f} ms, "
          f"p99 {percentile(everything, 99):.2f} ms, max {max(everything):.2f} ms")


if __name__ == "__main__":
    main()
