"""QR access links: a delegate's phone opens their packet by scanning, without a password."""
