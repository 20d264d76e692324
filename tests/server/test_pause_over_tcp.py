"""CLIENT PAUSE over the RESP server: a held client gets no reply until the pause
ends, then its pipelined commands are answered in order."""
import socket

from redislab.protocol.resp import encode_command
from tests.server.conftest import read_until


def test_a_pipelined_client_is_held_then_answered_in_order(served):
    admin = socket.create_connection(("127.0.0.1", served.port), timeout=5)
    client = socket.create_connection(("127.0.0.1", served.port), timeout=5)
    try:
        admin.sendall(encode_command("CLIENT", "PAUSE", "60000", "WRITE"))
        assert read_until(admin, b"+OK\r\n") == b"+OK\r\n"
        client.sendall(encode_command("GET", "k") + encode_command("SET", "k", "v") + encode_command("GET", "k"))
        assert read_until(client, b"$-1\r\n") == b"$-1\r\n"       # the read before the write
        client.settimeout(0.2)
        try:
            extra = client.recv(100)
        except socket.timeout:
            extra = b""
        assert extra == b""                                   # SET is held, and GET behind it
        admin.sendall(encode_command("INFO", "clients"))
        assert b"blocked_clients:1\r\n" in read_until(admin, b"blocked_clients")
        admin.sendall(encode_command("CLIENT", "UNPAUSE"))
        client.settimeout(5)
        assert read_until(client, b"$1\r\nv\r\n") == b"+OK\r\n$1\r\nv\r\n"
    finally:
        admin.close()
        client.close()
