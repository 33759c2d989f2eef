"""Session packets: documents, their versions, secret-document paper register, access log."""
