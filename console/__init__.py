"""The agent console: logins, the JSON API, the live feed and the page."""
