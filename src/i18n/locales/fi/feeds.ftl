# Atom-syötteet.
feed-site-subtitle = Uusimmat julkiset kirjoitukset
feed-label-title = { $site }: aihe { $label }
feed-author-title = { $site }: kirjoittaja { $name }
feed-organization-title = { $site }: { $organization }
feed-comments-title = Kommentit: { $title }
feed-comment-title = { $name } kommentoi
