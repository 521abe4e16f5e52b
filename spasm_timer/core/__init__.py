"""The routine model, timeline expansion and the session state machine: plain Python, no Qt."""
