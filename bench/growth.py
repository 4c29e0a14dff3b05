#!/usr/bin/env python3
"""Inputs for bench/growth.sh: one hostile shape at size N.

    growth.py make SHAPE N DIR   writes the input under DIR and prints the copylint
                                 arguments that check it (paths relative to DIR)
    growth.py lsp N COPYLINT     runs `copylint lsp` under GNU time as a client that
                                 never reads until the end, and prints time's line

Shapes are the ones of issue 12 (quadratic time, unbounded memory), so their size is
the unit that used to make the work grow with its square.
"""

import io
import json
import subprocess
import sys
import zipfile

BAD = "SRE calls on ChatGPT."
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(path, body):
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)


def expanding_lexicon(n):
    """n phrases, each of 12 two-way alternatives: 4,096 variants apiece."""
    phrases = []
    for p in range(n):
        words = [f"(w{p}x{i}a|w{p}x{i}b)" for i in range(12)]
        phrases.append(" ".join(words))
    lines = ["lexicon: expanding", "rules:", "  - id: r", "    message: m", "    banned:"]
    lines.append("      - phrases:")
    lines += [f'          - "{p}"' for p in phrases]
    return "\n".join(lines) + "\n"


def make(shape, n, d):
    """Writes shape `shape` of size n under d; returns copylint's arguments."""
    def write(name, text):
        with open(f"{d}/{name}", "w") as f:
            f.write(text)
        return [name]

    if shape == "nested-b":
        return write("b.html", "<p>" + "<b>" * n + BAD + "</b>" * n + "</p>\n")
    if shape == "nested-div":
        return write("div.html", "<div>" * n + BAD + "</div>" * n + "\n")
    if shape == "nested-span-md":
        return write("span.md", "<span>" * n + BAD + "</span>" * n + "\n")
    if shape == "unclosed-html":
        return write("mismatch.html", "<p>" + "<b>" * n + BAD + "</i>" * n + "</p>\n")
    if shape == "quote-list-md":
        return write("nested.md", "> " * n + "- " * n + BAD + "\n")
    if shape == "minified-html":
        return write("min.html", "<html><body>" + f"<p>{BAD}</p>" * n + "</body></html>")
    if shape == "docx-textboxes":
        box = "<w:p><w:r><w:t>" + f"{BAD} " * 10 + "</w:t></w:r><w:r><w:txbxContent>"
        docx(f"{d}/boxes.docx", box * n + "</w:txbxContent></w:r></w:p>" * n)
        return ["boxes.docx"]
    if shape == "docx-paragraph":
        docx(f"{d}/long.docx", "<w:p><w:r><w:t>" + f"{BAD} " * n + "</w:t></w:r></w:p>")
        return ["long.docx"]
    if shape == "inline-findings":
        return write("inline.html", "<p>" + f"<b>{BAD}</b> " * n + "</p>\n")
    if shape == "one-sentence":
        return write("sentence.txt", "SRE calls on ChatGPT, " * n + "the end.\n")
    if shape == "log":
        line = "2025-01-01T00:00:00Z INFO agent {i} calls on ChatGPT for tenant 42\n"
        return write("app.txt", "".join(line.format(i=i) for i in range(n)))
    if shape == "lexicon":
        write("expanding.yaml", expanding_lexicon(n))
        write("copy.md", BAD + "\n")
        return ["--lexicon", "expanding.yaml", "copy.md"]
    raise SystemExit(f"unknown shape {shape}")


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def lsp(n, copylint):
    """A client that writes n edits to four documents of 3,000 findings each, reads
    nothing until it has sent `exit`, then drains the server's output."""
    out = io.BytesIO()
    out.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": None, "rootUri": None, "capabilities": {}}}))
    out.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    text = (BAD + "\n") * 3000
    for d in range(4):
        out.write(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": f"untitled:doc{d}.md", "languageId": "markdown",
                             "version": 0, "text": text}}}))
    for i in range(n):
        end, insert = (0, "x") if i // 4 % 2 == 0 else (1, "")
        out.write(frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": f"untitled:doc{i % 4}.md", "version": i // 4 + 1},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                          "end": {"line": 0, "character": end}},
                                "text": insert}]}}))
    out.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None}))
    out.write(frame({"jsonrpc": "2.0", "method": "exit", "params": None}))
    server = subprocess.Popen(
        ["/usr/bin/time", "-f", "%e %M", copylint, "lsp"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Everything is written before anything is read: the server's output pipe fills up
    # and stays full while it works through the edits.
    server.stdin.write(out.getvalue())
    server.stdin.close()
    server.stdout.read()
    err = server.stderr.read()
    server.wait()
    print(err.decode().strip().splitlines()[-1])


if __name__ == "__main__":
    if sys.argv[1] == "make":
        print(" ".join(make(sys.argv[2], int(sys.argv[3]), sys.argv[4])))
    elif sys.argv[1] == "lsp":
        lsp(int(sys.argv[2]), sys.argv[3])
    else:
        raise SystemExit(__doc__)
