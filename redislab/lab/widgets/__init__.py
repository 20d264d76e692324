"""The lab's widgets: console, key browser, key view, time control."""
