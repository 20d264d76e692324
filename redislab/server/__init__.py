"""RESP2/RESP3 server: redis-cli, redis-py, redis-benchmark connect to an Engine over TCP."""
from .server import Server, ServerThread, serve

__all__ = ["Server", "ServerThread", "serve"]
