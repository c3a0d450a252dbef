"""Where a post comes from: a URL fetched and extracted, or a Markdown file."""
