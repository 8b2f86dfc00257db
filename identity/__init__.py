"""Who is chatting: anonymous sessions the hub issues, and users the exchange vouches for."""
