"""Sign-in for the web chat: users (argon2), signed session cookies, CSRF, ownership."""
