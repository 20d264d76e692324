"""Pure data structures: no RESP, no commands; tested on their own."""
