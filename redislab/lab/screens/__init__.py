"""The lab's screens, one per module: home, playground, help."""
