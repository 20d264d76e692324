"""The plain console (`redislab repl`): prompt-toolkit on the embedded engine or a real server.

Pure, terminal-free parts live in their own modules so they can be tested directly:
``tokenize`` (redis-cli's quoting rules), ``grammar`` (hints from the command table),
``completion`` (prompt-toolkit completer), ``helptext`` (HELP). ``console`` wires them.
"""
