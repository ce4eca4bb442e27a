# Atom feeds.
feed-site-subtitle = Latest public posts
feed-label-title = { $site }: topic { $label }
feed-author-title = { $site }: posts by { $name }
feed-organization-title = { $site }: { $organization }
feed-comments-title = Comments: { $title }
feed-comment-title = { $name } commented
