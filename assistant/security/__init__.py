"""Request hardening: body cap, allowed hosts, security headers, text cleaning, PII redaction."""
