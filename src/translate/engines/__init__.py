"""Translation engines: each a plain module with a ``create(context)`` factory (see ``base``)."""
