"""What every app shares: people and roles, organisations, permission checks, audit and flood control."""
