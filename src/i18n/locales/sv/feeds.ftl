# Atom-flöden.
feed-site-subtitle = De senaste offentliga inläggen
feed-label-title = { $site }: ämne { $label }
feed-author-title = { $site }: skribent { $name }
feed-organization-title = { $site }: { $organization }
feed-comments-title = Kommentarer: { $title }
feed-comment-title = { $name } kommenterade
