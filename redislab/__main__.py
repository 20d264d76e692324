"""python -m redislab: the same as the `redislab` command."""
from .cli import main

raise SystemExit(main())
