"""A local stand-in for a province's own language model server, speaking the OpenAI chat
completions API (POST /v1/chat/completions with `model` and `messages`). It records exactly
what it was sent, so a test can prove what never reached it. It answers like a model that
cites: one sentence per numbered passage it was given, ending with that passage's number,
plus a sentence citing nothing and one citing a passage it was not given (both to be
dropped by the platform)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

UNCITED = "Câu này không dựa vào đoạn nào"
MADE_UP = "Câu này dẫn một đoạn không có"


@dataclass
class ModelServer:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def sent_text(self) -> str:
        return json.dumps(self.received, ensure_ascii=False)


@contextmanager
def run_model() -> Iterator[ModelServer]:
    server: ModelServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            if self.path != "/v1/chat/completions":
                server.problems.append(f"path {self.path}")
            messages = body.get("messages")
            if not body.get("model") or not isinstance(messages, list):
                server.problems.append(f"body {sorted(body)}")
                messages = []
            server.received.append(body)
            prompt = "\n".join(str(m.get("content", "")) for m in messages)
            passages = re.findall(r"^\[(\d+)\] \(trang \d+\) (.{0,60})", prompt, re.MULTILINE)
            # a model writes its own sentences: the excerpt's own full stops are left out
            sentences = [f"{UNCITED}."]
            sentences += [f"{text.replace('.', '').strip()} [{n}]." for n, text in passages]
            sentences += [f"{MADE_UP} [99]."]
            reply = {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "model": body.get("model"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": " ".join(sentences)},
                        "finish_reason": "stop",
                    }
                ],
            }
            data = json.dumps(reply, ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            """Silent."""

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server = ModelServer(url=f"http://127.0.0.1:{httpd.server_port}/v1")
    thread = threading.Thread(target=httpd.serve_forever, name="test-model", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
