"""The handoff queue and the agents: who waits, with what priority, who holds what."""
