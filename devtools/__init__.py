"""Developer tools: start the servers, wait until ready, chat in a terminal, validate data."""
