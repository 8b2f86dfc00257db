"""The handoff side of the hub: conversations, messages, the queue, agents and ratings."""
