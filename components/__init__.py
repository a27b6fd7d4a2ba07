"""What the user sees: Dash pages (components/pages/) and reusable pieces. Talks to kb and index only
through their public functions; never to SQL."""
