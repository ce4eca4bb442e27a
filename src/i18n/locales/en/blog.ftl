# The blog: listings, posts, editor.
front-heading = Latest posts
label-heading = Topic: { $label }
archive-year-heading = Posts from { $year }
organization-people = People
organization-posts = Posts
no-posts = There are no posts here yet.
no-drafts = You have no drafts.
post-count =
    { $count ->
        [0] no posts
        [one] { $count } post
       *[other] { $count } posts
    }
subscribe-feed = Subscribe to the feed (Atom)
comments-feed = Comments feed
status-draft = Draft
status-published = Published
visibility-members-badge = Members only
labels-list = Topics
pagination = Pagination
pagination-newer = ← Newer
pagination-older = Older →
pagination-position = Page { $page } of { $pages }
post-edited-at = Edited { $date }
post-revisions = Revision history
post-no-revisions = This post has not been edited.
revision-heading = { $editor } edited on { $date }
revision-previous = The content before that edit:
post-edit = Edit post
post-new = New post
post-preview = Preview
post-save = Save
post-published = The post is published.
post-saved-draft = The draft is saved.
post-updated = The changes are saved.
field-title = Title
field-body = Text
field-body-hint = You can format with Markdown: **bold**, *italic*, [link](https://example.fi), lists, tables and footnotes.
field-labels = Topics
field-labels-hint = Separate topics with commas, for example: customer experience, taxation
field-post-language = Language of the post
field-visibility = Who can read it
visibility-public = Everyone (public)
visibility-members = Network members only
field-status = Status
language-invalid = Choose a language: Finnish, Swedish or English.
visibility-invalid = Choose who can read the post.
status-invalid = Choose draft or published.
markdown-too-long = The text is too long: at most 200 kB.
markdown-too-deep = The text has too many levels inside each other (quotes, lists or formatting). At most 32 levels.
post-no-organization = The author belongs to no organisation, so the post cannot be signed.
title-too-long = The title is too long: at most 200 characters.
label-too-long = A topic is too long: at most 50 characters.
labels-too-many = There can be at most 20 topics.
