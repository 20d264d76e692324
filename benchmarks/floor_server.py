"""The fastest an asyncio server can answer redis-benchmark: it parses nothing and has
no engine; it counts the requests in each read (each starts with '*') and answers each
one "+OK". What this reaches is the ceiling for any asyncio server on this machine.

    python benchmarks/floor_server.py PORT [uvloop]
"""
import asyncio
import sys


class Floor(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(b"+OK\r\n" * data.count(b"*"))


async def main(port: int) -> None:
    server = await asyncio.get_running_loop().create_server(Floor, "127.0.0.1", port)
    await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "uvloop":
        import uvloop       # not a redislab dependency: only for this comparison

        uvloop.install()
    asyncio.run(main(int(sys.argv[1])))
