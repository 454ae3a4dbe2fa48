"""Twenty concurrent clients over loopback: every reply arrives and no thread sees another's words."""

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

pytestmark = [pytest.mark.integration, pytest.mark.slow]
CLIENTS = 20
TURNS = 2


def converse(url: str, marker: str) -> dict:
    client = Client(url + "/", verbose=False, download_files=False)
    thread_id = f"load-{marker}"
    replies = []
    for turn in range(TURNS):
        text, payload = client.predict(f"hello, my code word is {marker}{turn}", "education", thread_id,
                                       api_name="/chat")
        replies.append((text, json.loads(payload)))
    exported = json.loads(client.predict(thread_id, api_name="/export"))
    return {"thread_id": thread_id, "replies": replies, "export": exported}


def test_twenty_concurrent_clients_each_get_their_own_thread(server):
    markers = [f"zq{uuid.uuid4().hex[:8]}" for _ in range(CLIENTS)]
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(lambda marker: converse(server.url, marker), markers))
    for marker, result in zip(markers, results):
        assert len(result["replies"]) == TURNS
        assert all(text and payload["thread_id"] == result["thread_id"] for text, payload in result["replies"])
        user_texts = [m["text"] for m in result["export"]["messages"] if m["role"] == "user"]
        assert user_texts == [f"hello, my code word is {marker}{turn}" for turn in range(TURNS)]
        everything = json.dumps(result["export"])
        others = [other for other in markers if other != marker and other in everything]
        assert not others, f"thread {result['thread_id']} contains other clients' markers {others}"
