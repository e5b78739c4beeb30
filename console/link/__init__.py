"""The link to the cloud: the typed client and its stream, sign-in and the session, the local
journal, credentials in the keyring, the embedded cloud's process, position thinning."""
