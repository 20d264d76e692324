"""RESP2/RESP3 encoding of engine replies, and request parsing helpers."""
from .resp import encode, encode_command, ProtocolError

__all__ = ["encode", "encode_command", "ProtocolError"]
