"""A long script must not freeze the server: other clients get BUSY and SCRIPT KILL
works over TCP, as with a real Redis."""
import threading
import time

import redis

from redislab.engine import Engine
from redislab.server import ServerThread


def test_busy_script_over_tcp_then_script_kill():
    engine = Engine(config={"busy-reply-threshold": 100})
    with ServerThread(engine, port=0) as srv:
        runner = redis.Redis(port=srv.port)
        other = redis.Redis(port=srv.port, socket_timeout=5)
        result = {}

        def run():
            try:
                runner.eval("while true do end", 0)
            except redis.ResponseError as e:
                result["err"] = str(e)

        t = threading.Thread(target=run)
        t.start()
        deadline = time.time() + 5
        busy = None
        while time.time() < deadline:
            try:
                other.ping()
            except redis.exceptions.BusyLoadingError as e:   # redis-py maps BUSY here
                busy = str(e)
                break
            except redis.ResponseError as e:
                busy = str(e)
                break
            time.sleep(0.05)
        assert busy is not None and "busy" in busy.lower()
        assert other.script_kill() is True
        t.join(5)
        assert "killed" in result["err"].lower()
        assert other.ping() is True
        # a fresh connection during a script is accepted too
        redis.Redis(port=srv.port).close()
