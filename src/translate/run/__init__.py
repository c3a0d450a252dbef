"""Running a translation: one post (pipeline, post) or many (batch, jobs)."""
